// The framework integrations of @teleecho/elements as a consumer meets them, after `npm run build`: the generated
// files in dist/ (packages/elements/scripts/framework-types.mjs) are what custom-elements.json gives now and name
// every element, property, attribute and event in it; the React and Vue examples typecheck against them (tsc,
// vue-tsc); and deliberately wrong uses are rejected: each fixture fails on exactly its marked lines, and with
// skipLibCheck off the generated declarations report no error of their own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { FRAMEWORK_FILES, staleFrameworkFiles } from '../packages/elements/scripts/framework-types.mjs';
import { ROOT, bin, run } from './lib.mjs';

const ELEMENTS = join(ROOT, 'packages/elements');
const read = (file) => readFileSync(join(ELEMENTS, file), 'utf8');

/** The manifest's custom elements with their public writable fields, attributes and events, read independently. */
function manifestElements() {
  const pkg = JSON.parse(read('package.json'));
  const manifest = JSON.parse(read(pkg.customElements));
  return manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .map((d) => ({
      tag: d.tagName,
      fields: (d.members ?? [])
        .filter((m) => m.kind === 'field' && m.name && !m.static && !m.readonly && (m.privacy ?? 'public') === 'public')
        .map((m) => m.name),
      attributes: (d.attributes ?? []).map((a) => a.name),
      events: (d.events ?? []).map((e) => e.name).filter(Boolean),
    }));
}

/** Runs a type checker; resolves with its exit code and its `file(line,col): error TSxxxx` lines. */
async function typecheck(checker, tsconfig, extra = []) {
  const { code, output } = await run(bin(checker), ['-p', tsconfig, '--noEmit', ...extra], {
    capture: true,
    quiet: true,
  });
  const errors = [...output.matchAll(/^(\S+?)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => ({
    file: relative(ROOT, join(ROOT, m[1])),
    line: Number(m[2]),
    code: m[3],
  }));
  return { code, output, errors };
}

/** The 1-based lines of a fixture marked as expected errors (`{/* error: …` in TSX, `<!-- error: …` in Vue). */
function markedLines(file) {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (/(\{\/\*|<!--) error:/.test(line) ? [i + 1] : []));
}

describe('framework integrations generated from the custom-elements manifest', () => {
  test('the files in dist/ are what the manifest gives now, and name every element, property and event', () => {
    assert.deepEqual(staleFrameworkFiles(), [], 'stale: npm run analyze -w @teleecho/elements regenerates them');
    const react = read('dist/frameworks/react.d.ts');
    const vue = read('dist/frameworks/vue.d.ts');
    const vscode = JSON.parse(read('dist/vscode.html-custom-data.json'));
    const elements = manifestElements();
    assert.ok(elements.length >= 3, 'the manifest lists the elements');
    for (const e of elements) {
      assert.match(react, new RegExp(`^ {6}'${e.tag}': \\w+JsxProps;$`, 'm'), `${e.tag} in JSX.IntrinsicElements`);
      assert.match(vue, new RegExp(`^ {4}'${e.tag}': DefineComponent<`, 'm'), `${e.tag} in GlobalComponents`);
      for (const field of e.fields) {
        assert.ok(react.includes(`  ${field}?: `), `React: ${e.tag}.${field}`);
        assert.ok(vue.includes(`  ${field}?: `), `Vue: ${e.tag}.${field}`);
      }
      for (const event of e.events) {
        assert.ok(react.includes(`'on${event}'?: (event: EchoEventOf<'${event}'>) => void;`), `React: ${event}`);
        const handler = `on${event.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase())}`;
        assert.ok(vue.includes(`${handler}?: (event: EchoEventOf<'${event}'>) => void;`), `Vue: ${handler}`);
      }
      const tag = vscode.tags.find((t) => t.name === e.tag);
      assert.ok(tag, `VS Code custom data: <${e.tag}>`);
      assert.deepEqual(tag.attributes.map((a) => a.name).sort(), [...e.attributes].sort(), `${e.tag} attributes`);
    }
    // the package exports them
    const exports = JSON.parse(read('package.json')).exports;
    assert.equal(exports['./react'].types, './dist/frameworks/react.d.ts');
    assert.equal(exports['./vue'].types, './dist/frameworks/vue.d.ts');
    assert.equal(exports['./vscode.html-custom-data.json'], './dist/vscode.html-custom-data.json');
    for (const file of FRAMEWORK_FILES) assert.ok(read(file).length > 0, file);
  });

  test('the React example typechecks with tsc against @teleecho/elements/react', async () => {
    const r = await typecheck('tsc', 'examples/react/tsconfig.json');
    assert.equal(r.code, 0, r.output);
  });

  test('the Vue example typechecks with vue-tsc against @teleecho/elements/vue (strictTemplates)', async () => {
    const r = await typecheck('vue-tsc', 'examples/vue/tsconfig.json');
    assert.equal(r.code, 0, r.output);
  });

  for (const [name, checker, tsconfig, fixture] of [
    ['React: tsc', 'tsc', 'examples/react/type-tests/tsconfig.json', 'examples/react/type-tests/wrong-props.tsx'],
    ['Vue: vue-tsc', 'vue-tsc', 'examples/vue/type-tests/tsconfig.json', 'examples/vue/type-tests/WrongProps.vue'],
  ]) {
    test(`${name} rejects wrong prop and event types on exactly the marked lines of ${fixture}`, async () => {
      const expected = markedLines(fixture);
      assert.ok(expected.length >= 5, 'the fixture marks its wrong lines');
      // skipLibCheck off: the generated declarations must not add errors of their own
      const r = await typecheck(checker, tsconfig, ['--skipLibCheck', 'false']);
      assert.notEqual(r.code, 0, 'the wrong fixture compiled');
      const own = r.errors.filter((e) => e.file.startsWith('packages/elements/dist/frameworks/'));
      assert.deepEqual(own, [], `errors in the generated declarations:\n${r.output}`);
      const inFixture = r.errors.filter((e) => e.file === fixture);
      assert.deepEqual([...new Set(inFixture.map((e) => e.line))], expected, r.output);
    });
  }
});
