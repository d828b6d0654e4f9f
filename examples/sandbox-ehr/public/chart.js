// The sandbox EHR's chart page: patient picker, banner, problems, medications, results, and the
// "Present to ECHO" button that launches the SMART app in an iframe (SMART EHR launch: iss + launch).
const $ = (id) => document.getElementById(id);
const text = (c) => c?.text ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code ?? '—';
const li = (label, detail) => {
  const item = document.createElement('li');
  item.textContent = label;
  if (detail) {
    const small = document.createElement('span');
    small.className = 'code';
    small.textContent = ` ${detail}`;
    item.append(small);
  }
  return item;
};
const age = (birthDate) => {
  if (!birthDate) return '?';
  const b = new Date(birthDate);
  const now = new Date();
  let a = now.getUTCFullYear() - b.getUTCFullYear();
  if (
    now.getUTCMonth() < b.getUTCMonth() ||
    (now.getUTCMonth() === b.getUTCMonth() && now.getUTCDate() < b.getUTCDate())
  )
    a -= 1;
  return a;
};
const value = (o) =>
  o.valueQuantity
    ? `${o.valueQuantity.value} ${o.valueQuantity.unit ?? ''}`
    : (o.valueString ??
      (o.valueCodeableConcept
        ? text(o.valueCodeableConcept)
        : (o.component ?? []).map((c) => c.valueQuantity?.value).join('/')));

let current;

async function showPatient(id) {
  const bundle = await (await fetch(`/ehr/api/chart/${encodeURIComponent(id)}`)).json();
  const all = (bundle.entry ?? []).map((e) => e.resource);
  const of = (type) => all.filter((r) => r.resourceType === type);
  const patient = of('Patient')[0];
  const name = patient.name?.[0];
  current = { patient, encounter: of('Encounter').find((e) => e.status === 'in-progress') ?? of('Encounter')[0] };
  $('patient-name').textContent = `${(name?.family ?? '').toUpperCase()}, ${(name?.given ?? []).join(' ')}`;
  $('patient-meta').textContent =
    `${age(patient.birthDate)} y · ${patient.gender ?? '?'} · DOB ${patient.birthDate ?? '?'}`;
  $('patient-mrn').textContent = patient.identifier?.[0]?.value ?? '—';
  const allergies = of('AllergyIntolerance').map((a) => text(a.code));
  $('patient-allergies').textContent = allergies.length ? allergies.join(', ') : 'NKDA';
  const active = (r) => (r.clinicalStatus?.coding?.[0]?.code ?? 'active') === 'active';
  $('problems').replaceChildren(
    ...of('Condition')
      .filter(active)
      .map((c) => li(text(c.code), c.code?.coding?.map((x) => x.code).join(' · '))),
  );
  const meds = new Map(of('Medication').map((m) => [`Medication/${m.id}`, m]));
  $('meds').replaceChildren(
    ...[...of('MedicationRequest'), ...of('MedicationStatement')]
      .filter((m) => m.status === 'active')
      .map((m) =>
        li(
          text(meds.get(m.medicationReference?.reference)?.code ?? m.medicationCodeableConcept),
          m.dosageInstruction?.[0]?.text,
        ),
      ),
  );
  const rows = of('Observation')
    .sort((a, b) => String(b.effectiveDateTime).localeCompare(String(a.effectiveDateTime)))
    .slice(0, 30)
    .map((o) => {
      const tr = document.createElement('tr');
      for (const cell of [String(o.effectiveDateTime ?? '').slice(0, 10), text(o.code), value(o)]) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.append(td);
      }
      return tr;
    });
  $('labs').replaceChildren(...rows);
  $('app-pane').hidden = true;
  $('app-frame').removeAttribute('src');
}

async function present() {
  const res = await fetch('/ehr/api/launches', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ patientId: current.patient.id, encounterId: current.encounter?.id }),
  });
  const { url } = await res.json();
  $('app-pane').hidden = false;
  $('app-frame').src = url;
  // On a phone the panel stacks under the chart: bring it into view.
  if (matchMedia('(max-width: 760px)').matches) $('app-pane').scrollIntoView({ block: 'start' });
}

async function start() {
  const patients = await (await fetch('/ehr/api/patients')).json();
  const picker = $('patient-picker');
  for (const p of patients) {
    const option = document.createElement('option');
    option.value = p.id;
    option.textContent = `${p.name} (${p.mrn ?? p.id})`;
    picker.append(option);
  }
  const wanted = new URL(location.href).searchParams.get('patient');
  if (wanted && patients.some((p) => p.id === wanted)) picker.value = wanted;
  picker.addEventListener('change', () => void showPatient(picker.value));
  $('present').addEventListener('click', () => void present());
  $('close-app').addEventListener('click', () => {
    $('app-pane').hidden = true;
    $('app-frame').removeAttribute('src');
  });
  await showPatient(picker.value);
  document.body.dataset.ready = 'true';
}

void start();
