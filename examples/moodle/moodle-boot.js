// What Moodle's page footer does with RequireJS: configure the AMD loader and load the page's AMD modules.
// (Moodle emits this inline; here it is a file so the example can keep a strict CSP.)
/* global requirejs */
requirejs.config({ baseUrl: new URL('./amd/', document.currentScript.src).href, enforceDefine: false });
requirejs(['local_teleecho/course'], function (course) {
  course.init();
});
