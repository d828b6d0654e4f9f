/**
 * The example SMART app (runs in the browser, inside the EHR's iframe): SMART EHR launch with the SDK,
 * then the IPS-shaped case context, de-identified (HIPAA Safe Harbor) in the browser, shown as the summary
 * that would leave the EHR, with the report of every change — and "Present to ECHO": `<echo-case-form>` with the
 * ORIGINAL context (the element de-identifies it with the programme's policy, pre-fills the template from the
 * de-identified record and submits to the hub the app's backend names in `/config.json`). The form gets the context as
 * a promise: when the launch or the EHR's answer fails (expired or revoked token, access not granted) it shows why,
 * with "Launch again" (back to this page's launch URL, which the SDK keeps as the relaunch hint).
 * @packageDocumentation
 */
import '@teleecho/elements/define/echo-case-form.js';
import type { FhirResource } from '@teleecho/sdk';
import {
  CASE_CONTEXT_SECTIONS,
  completeSmartLaunch,
  deidentify,
  fetchCaseContext,
  smartLaunch,
} from '@teleecho/sdk/fhir';
import type { CaseContext, CaseContextSectionName, SmartContext } from '@teleecho/sdk/fhir';

const CLIENT_ID = 'teleecho-example-app';
const SCOPE_EHR = 'launch patient/*.rs';
const SCOPE_STANDALONE = 'launch/patient patient/*.rs';

const UNREAD_NAMES: Record<CaseContextSectionName, string> = {
  problems: 'problem list',
  medications: 'medications',
  allergies: 'allergies',
  results: 'lab results',
  vitalSigns: 'vital signs',
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function status(text: string): void {
  $('status').textContent = text;
}

function fail(error: unknown): void {
  const e = error as { code?: string; message?: string };
  const box = $('error');
  box.hidden = false;
  box.textContent = `Launch refused${e.code ? ` (${e.code})` : ''}: ${e.message ?? String(error)}`;
  status('Stopped.');
}

interface Concept {
  text?: string;
  coding?: { code?: string; display?: string; system?: string }[];
}

function conceptText(c: unknown): string {
  const concept = c as Concept | undefined;
  return concept?.text ?? concept?.coding?.[0]?.display ?? concept?.coding?.[0]?.code ?? '—';
}

function quantity(q: unknown): string {
  const v = q as { value?: number; unit?: string } | undefined;
  return v?.value === undefined ? '' : `${v.value} ${v.unit ?? ''}`.trim();
}

function observationValue(o: FhirResource): string {
  if (o.valueQuantity) return quantity(o.valueQuantity);
  if (typeof o.valueString === 'string') return o.valueString;
  if (o.valueCodeableConcept) return conceptText(o.valueCodeableConcept);
  const components = o.component as { code: Concept; valueQuantity?: unknown }[] | undefined;
  if (components) return components.map((c) => quantity(c.valueQuantity)).join(' / ');
  return '—';
}

function describe(r: FhirResource, byRef: Map<string, FhirResource>): string {
  switch (r.resourceType) {
    case 'Condition':
      return conceptText(r.code);
    case 'AllergyIntolerance':
      return conceptText(r.code);
    case 'MedicationRequest':
    case 'MedicationStatement': {
      const ref = (r.medicationReference as { reference?: string } | undefined)?.reference;
      const med = ref ? byRef.get(ref) : undefined;
      return med ? conceptText(med.code) : conceptText(r.medicationCodeableConcept);
    }
    case 'Observation': {
      const when = String(r.effectiveDateTime ?? '').slice(0, 10);
      return `${conceptText(r.code)}: ${observationValue(r)}${when ? ` (${when})` : ''}`;
    }
    default:
      return r.resourceType;
  }
}

async function applyEhrStyle(context: SmartContext): Promise<void> {
  if (!context.smartStyleUrl) return;
  try {
    const style = (await (await fetch(context.smartStyleUrl)).json()) as Record<string, string>;
    const root = document.documentElement.style;
    if (style.color_highlight) root.setProperty('--app-accent', style.color_highlight);
    if (style.color_background) root.setProperty('--app-bg', style.color_background);
  } catch {
    // the EHR's style is a nicety
  }
}

interface AppConfig {
  hubUrl?: string;
  programId?: string;
  token?: string;
}

async function appConfig(): Promise<AppConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  return res.ok ? ((await res.json()) as AppConfig) : {};
}

/**
 * Shows `<echo-case-form>` for the launched patient, when the app's backend names a hub; returns it (or nothing).
 * It gets the context while it is still being fetched, and shows a failed launch or fetch itself.
 */
async function presentToEcho(caseContext: Promise<CaseContext>): Promise<HTMLElement | undefined> {
  const config = await appConfig();
  if (!config.hubUrl || !config.programId) return undefined;
  const form = document.createElement('echo-case-form');
  form.hubUrl = config.hubUrl;
  form.programId = config.programId;
  // The backend mints short-lived tokens; the element asks again before one expires.
  let first: string | undefined = config.token;
  form.getToken = async () => {
    const token = first ?? (await appConfig()).token;
    first = undefined;
    if (!token) throw new Error('the app backend gave no token');
    return token;
  };
  form.context = caseContext; // the ORIGINAL context: the element de-identifies it before showing or sending
  form.addEventListener('echo-case-submitted', (e) => {
    status(`Case ${e.detail.caseId} submitted to the ECHO hub.`);
    document.body.dataset.case = e.detail.caseId;
  });
  const section = $('present');
  section.hidden = false;
  section.append(form);
  return form;
}

function render(context: SmartContext, caseContext: CaseContext): void {
  // Safe Harbor in the browser: nothing identified is shown, and nothing identified would leave.
  const { resources, origins, report } = deidentify(caseContext.resources);
  $('deid-state').textContent = `De-identified (HIPAA Safe Harbor): ${report.changes.length} changes`;
  const changes = el('ul');
  for (const change of report.changes.slice(0, 200)) {
    changes.append(el('li', `${change.path} — ${change.kind}: ${change.action}`));
  }
  const details = $('report');
  details.replaceChildren(el('summary', 'What leaves your system'), changes);
  details.hidden = false;
  const byRef = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const banner = $('banner');
  banner.hidden = !context.needPatientBanner;
  const age =
    caseContext.ageYears === undefined
      ? 'age unknown'
      : caseContext.ageYears > 89
        ? '90+'
        : `${caseContext.ageYears} y`;
  $('demographics').textContent = `Patient: ${age}, ${caseContext.sex ?? String(patient?.gender ?? 'sex unknown')}`;
  banner.textContent = $('demographics').textContent;

  const sections = $('sections');
  sections.replaceChildren();
  // deidentify() replaces ids and drops what may not leave: pair each output with its original by `origins`.
  const shown = new Map(origins.map((from, i) => [caseContext.resources[from], resources[i]]));
  for (const name of CASE_CONTEXT_SECTIONS) {
    const section = caseContext.sections[name];
    if (!section) continue;
    const box = el('section', undefined, 'section');
    box.dataset.section = name;
    box.append(el('h2', `${section.title} (${section.entries.length})`));
    const list = el('ul');
    for (const raw of section.entries) {
      const entry = shown.get(raw);
      if (!entry) continue; // never fall back to the identified original
      list.append(el('li', describe(entry, byRef)));
    }
    if (section.entries.length === 0) list.append(el('li', 'None recorded', 'empty'));
    box.append(list);
    sections.append(box);
  }
  if (caseContext.unreadSections.length) {
    // Narrowed scopes: never "none recorded" for what the EHR did not share.
    const names = caseContext.unreadSections.map((name) => UNREAD_NAMES[name]).join(', ');
    sections.append(el('p', `Not shared by the EHR (not granted to this app): ${names}.`, 'unread'));
  }
  status(`Case context ready (${caseContext.roundTrips} round trip${caseContext.roundTrips === 1 ? '' : 's'}).`);
  document.body.dataset.state = 'ready';
}

async function main(): Promise<void> {
  const params = new URL(location.href).searchParams;
  const redirectUri = `${location.origin}/`;
  if (params.has('code') || params.has('error')) {
    status('Completing the SMART launch…');
    const launched = completeSmartLaunch();
    const caseContext = launched.then((context) => {
      void applyEhrStyle(context);
      status('Fetching the case context from the EHR…');
      return fetchCaseContext(context);
    });
    caseContext.catch(() => undefined); // handled below (and by the form)
    const form = await presentToEcho(caseContext);
    try {
      render(await launched, await caseContext);
    } catch (error) {
      if (!form) throw error;
      // The case form shows what failed and offers "Launch again".
      document.body.dataset.state = 'error';
      $('deid-state').hidden = true;
      status('Stopped.');
    }
    return;
  }
  if (params.has('iss')) {
    status('Connecting to the EHR…');
    // Only the EHRs this app is registered with may launch it (the app server fills in this meta tag).
    const meta = document.querySelector<HTMLMetaElement>('meta[name="allowed-issuers"]');
    const allowedIssuers = (meta?.content ?? '').split(/\s+/).filter(Boolean);
    await smartLaunch({
      clientId: CLIENT_ID,
      redirectUri,
      scope: params.has('launch') ? SCOPE_EHR : SCOPE_STANDALONE,
      allowedIssuers,
    });
    return;
  }
  status('Open this app from the EHR (“Present to ECHO”), or add ?iss=<FHIR base URL> for a standalone launch.');
}

main().catch((error: unknown) => {
  document.body.dataset.state = 'error';
  fail(error);
});
