// @custom-elements-manifest/analyzer config: `npm run analyze -w packages/elements` writes custom-elements.json
// (referenced by package.json "customElements") from the elements' JSDoc (@summary @slot @event @csspart @cssproperty).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**', 'src/define.ts', 'src/define/**'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  dependencies: false,
  plugins: [],
};
