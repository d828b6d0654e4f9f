// An AMD module, as Moodle plugins ship them (amd/build/*.min.js). Proof that RequireJS keeps working next to our
// ES-module CDN bundle.
/* global define */
define([], function () {
  return {
    init: function () {
      document.body.dataset.amdLoaded = 'true';
    },
  };
});
