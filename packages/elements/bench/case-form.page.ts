// The <echo-case-form> bench page: registers only <echo-case-form> (what a host page embedding it loads) and
// mounts it for the template given in the query string.
import '../src/define/echo-case-form.js';

const params = new URLSearchParams(location.search);
const el = document.createElement('echo-case-form');
for (const name of ['hub-url', 'token', 'program-id', 'template-id']) el.setAttribute(name, params.get(name) ?? '');
el.setAttribute('lang', 'en');
document.body.append(el);
