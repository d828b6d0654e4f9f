// The viewer page of recommendation-display.bench.ts: one <echo-recommendation-viewer> for the case, and a
// MutationObserver on its shadow root that records, per recommendation id, when its text was first rendered
// (performance.timeOrigin + performance.now(): wall-clock ms comparable with the bench process on this machine).
import '@teleecho/elements/define/echo-recommendation-viewer.js';

const params = new URLSearchParams(location.search);
const displayed: Record<string, number> = {};
(window as unknown as { __displayed: Record<string, number> }).__displayed = displayed;

const viewer = document.createElement('echo-recommendation-viewer');
viewer.setAttribute('hub-url', params.get('hub') ?? '');
viewer.setAttribute('token', params.get('token') ?? '');
viewer.setAttribute('case-id', params.get('case') ?? '');
viewer.setAttribute('lang', 'en');
document.body.append(viewer);

const root = viewer.shadowRoot!;
const check = (): void => {
  const at = performance.timeOrigin + performance.now();
  for (const item of root.querySelectorAll<HTMLElement>('li[data-id]')) {
    const id = item.dataset.id!;
    if (!(id in displayed) && item.querySelector('[part="body"]')?.textContent?.trim()) displayed[id] = at;
  }
};
new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true });
check();
