/**
 * A generated de-identification corpus (test support, not shipped): FHIR R4 collection Bundles shaped like real
 * exports — US Core and IPS profiles, vendor-style extensions, contained resources, narratives, notes in English,
 * Spanish, Portuguese and French, attachments, `meta`, identifiers of many systems — with identifiers planted in every
 * structurally distinct place, and the clinical facts that must survive. Deterministic for a seed.
 * @internal
 * @packageDocumentation
 */
import type { SafeHarborKind } from '../fhir/deidentify/policy.js';

/** One planted identifier: the exact string that must not leave, its Safe Harbor kind and where it was put. */
export interface PlantedIdentifier {
  value: string;
  kind: SafeHarborKind;
  place: string;
}

/** One clinical fact that must survive: a code in a resource, with its quantity where there is one. */
export interface ClinicalFact {
  resourceType: string;
  system: string;
  code: string;
  value?: number;
  unit?: string;
}

/** One generated patient. */
export interface CorpusPatient {
  bundle: { resourceType: 'Bundle'; type: string; entry: { fullUrl: string; resource: Record<string, unknown> }[] };
  planted: PlantedIdentifier[];
  clinical: ClinicalFact[];
  language: Lang;
}

type Lang = 'en' | 'es' | 'pt' | 'fr';

/** Mulberry32: a small, well-known deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN: Record<Lang, string[]> = {
  en: ['Marjorie', 'Theodore', 'Winifred', 'Bartholomew', 'Rosalind', 'Ignatius', 'Philippa', 'Cornelius'],
  es: ['Guadalupe', 'Esperanza', 'Leocadio', 'Remedios', 'Anacleto', 'Inmaculada', 'Eustaquio', 'Maricruz'],
  pt: ['Conceição', 'Joaquim', 'Benedita', 'Sebastião', 'Raimunda', 'Aparecido', 'Iracema', 'Adalberto'],
  fr: ['Ghislaine', 'Anatole', 'Clotilde', 'Barnabé', 'Solange', 'Eudes', 'Héloïse', 'Gontran'],
};
const FAMILY: Record<Lang, string[]> = {
  en: ['Quackenbush', 'Wolfenden', 'Pettigrew', 'Abernathy', 'Blankenship', 'Fairweather', 'Hollingsworth'],
  es: ['Villaseñor', 'Echeverría', 'Arrizabalaga', 'Zubiaurre', 'Olabarrieta', 'Goicoechea', 'Iturralde'],
  pt: ['Albuquerque', 'Vasconcelos', 'Magalhães', 'Figueiredo', 'Nogueira', 'Bittencourt', 'Cavalcanti'],
  fr: ['Delacroix', 'Beauchamp', 'Montgolfier', 'Lefebvre', 'Vaucanson', 'Rochefoucauld', 'Dumouriez'],
};
const EMPLOYERS: Record<Lang, string[]> = {
  en: ['Hargrove Lumber Mill', 'Bluewater Cannery', 'Redfield Quarry', 'Kestrel Logistics'],
  es: ['Panadería La Espiga', 'Ferretería El Tornillo', 'Talleres Ugarte', 'Conservas Albizu'],
  pt: ['Padaria Pão Dourado', 'Serralheria Ferraço', 'Oficina Borba Gato', 'Laticínios Serra Azul'],
  fr: ['Boulangerie Pichon', 'Scierie Vautrin', 'Garage Lemarchand', 'Fromagerie Besnard'],
};
const CITIES = ['Pinedale', 'Kemmerer', 'Tonopah', 'Winnemucca', 'Ajo', 'Quemado', 'Lusk', 'Chadron'];
const STREETS = ['Juniper', 'Sagebrush', 'Cottonwood', 'Pinyon', 'Larkspur', 'Yarrow'];

/** The relation words the scrubber must follow, per language: a household member named after it. */
const RELATIVE: Record<Lang, ((name: string) => string)[]> = {
  en: [(n) => `wife ${n}`, (n) => `son: ${n}`, (n) => `lives with her sister ${n}`, (n) => `daughter ${n}`],
  es: [(n) => `esposa ${n}`, (n) => `hijo: ${n}`, (n) => `vive con su hermana ${n}`, (n) => `hija ${n}`],
  pt: [(n) => `esposa ${n}`, (n) => `filho: ${n}`, (n) => `mora com a irmã ${n}`, (n) => `filha ${n}`],
  fr: [(n) => `épouse ${n}`, (n) => `fils : ${n}`, (n) => `vit avec sa sœur ${n}`, (n) => `sa fille ${n}`],
};
const WORKS_AT: Record<Lang, (e: string) => string> = {
  en: (e) => `works at ${e}`,
  es: (e) => `trabaja en ${e}`,
  pt: (e) => `trabalha na ${e}`,
  fr: (e) => `travaille chez ${e}`,
};
const CALL: Record<Lang, string> = { en: 'call', es: 'llamar al', pt: 'ligar para', fr: 'appeler le' };
const PLATE: Record<Lang, string> = { en: 'license plate', es: 'placa', pt: 'placa', fr: "plaque d'immatriculation" };
const SEEN_ON: Record<Lang, (d: string) => string> = {
  en: (d) => `Seen on ${d}.`,
  es: (d) => `Visto el ${d}.`,
  pt: (d) => `Atendido em ${d}.`,
  fr: (d) => `Vu le ${d}.`,
};

const MONTHS: Record<Lang, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre'],
};
const longDate = (lang: Lang, y: number, m: number, d: number): string => {
  const month = MONTHS[lang][m - 1]!;
  if (lang === 'en') return `${month} ${d}, ${y}`;
  if (lang === 'fr') return `${d} ${month} ${y}`;
  return `${d} de ${month} de ${y}`;
};

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const VENDOR = 'https://fhir.vendor-ehr.example/StructureDefinition';

const LABS = [
  { code: '11011-4', display: 'HCV RNA', unit: '[IU]/mL', min: 800, max: 6_000_000 },
  { code: '1742-6', display: 'ALT', unit: 'U/L', min: 8, max: 240 },
  { code: '4548-4', display: 'Hemoglobin A1c', unit: '%', min: 5, max: 13 },
  { code: '2160-0', display: 'Creatinine', unit: 'mg/dL', min: 0.5, max: 4 },
  { code: '718-7', display: 'Hemoglobin', unit: 'g/dL', min: 7, max: 17 },
  { code: '20447-9', display: 'HIV-1 RNA', unit: '{copies}/mL', min: 20, max: 900_000 },
];
const CONDITIONS = [
  { code: '128302006', display: 'Chronic hepatitis C' },
  { code: '44054006', display: 'Type 2 diabetes mellitus' },
  { code: '86406008', display: 'HIV infection' },
  { code: '56717001', display: 'Tuberculosis' },
  { code: '38341003', display: 'Hypertension' },
];
const MEDS = [
  { code: '1940261', display: 'sofosbuvir 400 MG / velpatasvir 100 MG Oral Tablet' },
  { code: '861007', display: 'metformin 500 MG Oral Tablet' },
  { code: '1999667', display: 'bictegravir 50 MG / emtricitabine 200 MG / tenofovir alafenamide 25 MG Oral Tablet' },
];

/** Generates `count` patients from `seed`. */
export function generateCorpus(count: number, seed = 20261203): CorpusPatient[] {
  const patients: CorpusPatient[] = [];
  for (let i = 0; i < count; i++) patients.push(generatePatient(i, prng(seed + i * 7919)));
  return patients;
}

function generatePatient(index: number, rand: () => number): CorpusPatient {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const lang = (['en', 'es', 'pt', 'fr'] as const)[index % 4]!;
  const planted: PlantedIdentifier[] = [];
  const clinical: ClinicalFact[] = [];
  const plant = (value: string, kind: SafeHarborKind, place: string) => {
    planted.push({ value, kind, place });
    return value;
  };

  const pid = `pt-${index}-${digits(6)}`;
  const given = pick(GIVEN[lang]);
  const family = pick(FAMILY[lang]);
  const spouse = pick(GIVEN[lang].filter((g) => g !== given));
  const sister = pick(GIVEN[lang].filter((g) => g !== given && g !== spouse));
  const employer = pick(EMPLOYERS[lang]);
  const city = pick(CITIES);
  const street = `${100 + Math.floor(rand() * 8800)} ${pick(STREETS)} Road`;
  const zip = `${820 + Math.floor(rand() * 60)}${digits(2)}`;
  const phone = `(307) 555-01${digits(2)}`;
  const email = `${given
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '')}.${index}@mail.example.org`;
  const birthYear = 1930 + Math.floor(rand() * 70);
  const birthDate = `${birthYear}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
  const mrn = `MRN${digits(8)}`;
  const ssn = `9${digits(2)}-${digits(2)}-${digits(4)}`;
  const licence = `D${digits(8)}`;
  const passport = `P${digits(8)}`;
  const member = `MBR${digits(9)}`;
  const account = `ACCT${digits(7)}`;
  const plate = `${pick(['KTR', 'WYO', 'ZXB'])}-${digits(4)}`;
  const serial = `SN${digits(10)}`;
  const ip = `203.0.113.${1 + Math.floor(rand() * 250)}`;
  const url = `https://portal.clinic.example/patients/${pid}`;
  const visitDay = 1 + Math.floor(rand() * 27);
  const visitMonth = 1 + Math.floor(rand() * 9);
  const visitYear = 2022 + Math.floor(rand() * 3);
  const visitIso = `${visitYear}-0${visitMonth}-${String(visitDay).padStart(2, '0')}`;
  const visitLong = longDate(lang, visitYear, visitMonth, visitDay);

  plant(pid, 'other-identifier', 'Patient.id');
  plant(given, 'names', 'Patient.name');
  plant(family, 'names', 'Patient.name');
  plant(street, 'geographic', 'Patient.address.line');
  plant(city, 'geographic', 'Patient.address.city');
  plant(zip, 'geographic', 'Patient.address.postalCode');
  plant(phone, 'phone', 'Patient.telecom');
  plant(email, 'email', 'Patient.telecom');
  plant(birthDate, 'dates', 'Patient.birthDate');
  plant(mrn, 'medical-record-number', 'Patient.identifier');
  plant(ssn, 'ssn', 'Patient.identifier');
  plant(passport, 'certificate-license-number', 'Patient.identifier');
  plant(account, 'account-number', 'Patient.identifier');

  const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
  const patientRef = { ...ref('Patient', pid), display: `${given} ${family}` };
  const usCore = (type: string) => ({ profile: [`http://hl7.org/fhir/us/core/StructureDefinition/us-core-${type}`] });
  const ips = (type: string) => ({ profile: [`http://hl7.org/fhir/uv/ips/StructureDefinition/${type}-uv-ips`] });

  const patient: Record<string, unknown> = {
    resourceType: 'Patient',
    id: pid,
    meta: {
      ...usCore('patient'),
      source: plant(`#ehr-export-${digits(9)}`, 'other-identifier', 'Patient.meta.source'),
      tag: [{ system: `${VENDOR}/tags`, code: plant(`PTAG${digits(7)}`, 'other-identifier', 'Patient.meta.tag') }],
      lastUpdated: '2025-01-02T03:04:05Z',
    },
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${given} ${family}, ${street}, ${city}</p></div>`,
    },
    extension: [
      { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' },
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
        extension: [
          { url: 'ombCategory', valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2106-3' } },
          { url: 'text', valueString: 'White' },
        ],
      },
      // Vendor extensions: a driver's licence number, an emergency contact, an employer household block.
      {
        url: `${VENDOR}/drivers-license`,
        valueString: plant(licence, 'certificate-license-number', 'extension string'),
      },
      {
        url: `${VENDOR}/insurance-member`,
        valueIdentifier: {
          system: 'urn:oid:2.16.840.1.113883.3.9999',
          value: plant(member, 'health-plan-number', 'extension Identifier'),
        },
      },
      {
        url: `${VENDOR}/emergency-contact`,
        valueHumanName: { given: [plant(sister, 'names', 'extension HumanName')], family },
      },
      {
        url: `${VENDOR}/household`,
        extension: [
          { url: 'employer', valueString: plant(employer, 'names', 'nested extension string (employer)') },
          {
            url: 'employerAddress',
            valueAddress: { line: [plant(`${digits(3)} Quarry Lane`, 'geographic', 'nested extension Address')] },
          },
          {
            url: 'spouse',
            valueHumanName: { text: plant(`${spouse} ${family}`, 'names', 'nested extension HumanName') },
          },
          {
            url: 'contact',
            valueContactPoint: {
              system: 'phone',
              value: plant(`307-555-02${digits(2)}`, 'phone', 'nested extension ContactPoint'),
            },
          },
        ],
      },
      { url: `${VENDOR}/portal-url`, valueUrl: plant(url, 'url', 'extension url') },
      { url: `${VENDOR}/last-login-ip`, valueString: plant(ip, 'ip-address', 'extension string (IP)') },
    ],
    identifier: [
      { type: { coding: [{ code: 'MR' }] }, system: 'urn:oid:1.2.36.146.595.217.0.1', value: mrn },
      { system: 'http://hl7.org/fhir/sid/us-ssn', value: ssn },
      { type: { coding: [{ code: 'PPN' }] }, system: 'urn:oid:2.16.840.1.113883.4.330.840', value: passport },
      { type: { coding: [{ code: 'AN' }] }, system: `${VENDOR}/account`, value: account },
    ],
    active: true,
    name: [{ use: 'official', family, given: [given] }],
    telecom: [
      { system: 'phone', value: phone },
      { system: 'email', value: email },
    ],
    gender: 'female',
    birthDate,
    _birthDate: {
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
          valueDateTime: `${birthDate}T04:05:00Z`,
        },
        {
          url: `${VENDOR}/birth-record`,
          valueString: plant(`BR-${digits(8)}`, 'other-identifier', 'primitive extension'),
        },
      ],
    },
    address: [{ use: 'home', line: [street], city, state: 'WY', postalCode: zip, country: 'US' }],
    photo: [{ contentType: 'image/jpeg', data: plant(`${digits(12)}AAAAQSkZJRg`, 'full-face-photo', 'Patient.photo') }],
    contact: [{ relationship: [{ text: 'sister' }], name: { text: `${sister} ${family}` } }],
  };

  const enc = `enc-${digits(6)}`;
  plant(enc, 'other-identifier', 'Encounter.id');
  const encounter = {
    resourceType: 'Encounter',
    id: enc,
    meta: ips('Encounter'),
    identifier: [
      { system: `${VENDOR}/visit`, value: plant(`V${digits(9)}`, 'account-number', 'Encounter.identifier') },
    ],
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: patientRef,
    period: { start: `${visitIso}T09:00:00-07:00`, end: `${visitIso}T09:30:00-07:00` },
    location: [{ location: { display: plant(`${city} Community Clinic`, 'geographic', 'Encounter.location') } }],
    extension: [
      { url: `${VENDOR}/room`, valueString: plant(`Room ${digits(3)}B`, 'geographic', 'Encounter extension') },
    ],
  };

  const conditions = [0, 1].map((k) => {
    const c = CONDITIONS[(index + k) % CONDITIONS.length]!;
    clinical.push({ resourceType: 'Condition', system: SNOMED, code: c.code });
    return {
      resourceType: 'Condition',
      id: `cond-${index}-${k}`,
      meta: usCore('condition'),
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      code: { coding: [{ system: SNOMED, code: c.code, display: c.display }], text: c.display },
      subject: patientRef,
      encounter: ref('Encounter', enc),
      onsetDateTime: `${visitYear - 3}-05-17`,
      note: [
        {
          authorString: plant(`Dr. ${pick(FAMILY.en)}son`, 'names', 'Annotation.authorString'),
          text: freeNote(lang, k, { given, family, spouse, sister, employer, phone, email, plate, visitLong }, plant),
        },
      ],
      extension: [
        {
          url: `${VENDOR}/reported-by`,
          valueReference: {
            display: plant(
              `${spouse} (${lang === 'en' ? 'spouse' : 'cónyuge'})`,
              'names',
              'extension Reference.display',
            ),
          },
        },
      ],
    };
  });
  plant(visitLong, 'dates', 'note date');
  plant(visitIso, 'dates', 'effective dates');

  const observations = LABS.slice(0, 3 + (index % 3)).map((lab, k) => {
    const value = Math.round((lab.min + rand() * (lab.max - lab.min)) * 10) / 10;
    clinical.push({ resourceType: 'Observation', system: LOINC, code: lab.code, value, unit: lab.unit });
    return {
      resourceType: 'Observation',
      id: `obs-${index}-${k}`,
      meta: { ...usCore('observation-lab'), versionId: '3' },
      status: 'final',
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }],
        },
      ],
      code: {
        coding: [{ system: LOINC, code: lab.code, display: lab.display }],
        extension: [
          {
            url: `${VENDOR}/ordering-clinician`,
            valueString: plant(`${pick(GIVEN.en)} ${pick(FAMILY.en)}`, 'names', 'extension on a datatype'),
          },
        ],
      },
      subject: patientRef,
      effectiveDateTime: `${visitIso}T08:1${k}:00-07:00`,
      issued: `${visitIso}T10:00:00-07:00`,
      valueQuantity: {
        value,
        unit: lab.unit,
        system: UCUM,
        code: lab.unit,
        extension: [
          {
            url: `${VENDOR}/analyzer-serial`,
            valueString: plant(`${serial}${k}`, 'device-identifier', 'extension on a Quantity'),
          },
        ],
      },
      specimen: { identifier: { value: plant(`ACC-${digits(8)}`, 'other-identifier', 'Reference.identifier') } },
      performer: [
        {
          reference: `Practitioner/prac-${index}`,
          display: plant(`Dr. ${pick(FAMILY.fr)}`, 'names', 'Reference.display'),
        },
      ],
      note: k === 0 ? [{ text: `${SEEN_ON[lang](visitLong)} ${CALL[lang]} ${phone}.` }] : undefined,
    };
  });

  const med = MEDS[index % MEDS.length]!;
  clinical.push({ resourceType: 'MedicationRequest', system: RXNORM, code: med.code });
  const medicationRequest = {
    resourceType: 'MedicationRequest',
    id: `mr-${index}`,
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: med.code, display: med.display }] },
    subject: patientRef,
    requester: { reference: '#prescriber', display: 'prescriber' },
    contained: [
      {
        resourceType: 'Practitioner',
        id: 'prescriber',
        name: [{ text: plant(`${pick(GIVEN.pt)} ${pick(FAMILY.pt)}`, 'names', 'contained Practitioner') }],
        identifier: [
          {
            system: 'http://hl7.org/fhir/sid/us-npi',
            value: plant(`1${digits(9)}`, 'certificate-license-number', 'contained identifier'),
          },
        ],
      },
    ],
    dosageInstruction: [
      {
        text: 'one tablet by mouth daily',
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }],
      },
    ],
    dispenseRequest: {
      performer: { display: plant(`${city} Pharmacy`, 'geographic', 'dispenseRequest.performer') },
    },
  };

  // A resource the allow-list does not know (carries a relative's name): dropped whole.
  const related = {
    resourceType: 'RelatedPerson',
    id: `rp-${index}`,
    patient: ref('Patient', pid),
    name: [{ text: `${spouse} ${family}` }],
    telecom: [{ system: 'phone', value: plant(`307-555-03${digits(2)}`, 'phone', 'RelatedPerson.telecom') }],
  };
  // An attachment: never leaves.
  const document = {
    resourceType: 'DocumentReference',
    id: `doc-${index}`,
    status: 'current',
    type: { coding: [{ system: LOINC, code: '34117-2' }] },
    subject: patientRef,
    content: [
      {
        attachment: {
          contentType: 'text/plain',
          data: plant(`${digits(6)}U2NhbiBvZiBJRA`, 'other-identifier', 'Attachment.data'),
          url: plant(`https://docs.clinic.example/${digits(8)}.pdf`, 'url', 'Attachment.url'),
          title: plant(`Referral letter for ${given} ${family}`, 'names', 'Attachment.title'),
        },
        format: {
          system: 'http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem',
          code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
        },
      },
    ],
  };
  const report = {
    resourceType: 'DiagnosticReport',
    id: `dr-${index}`,
    status: 'final',
    code: { coding: [{ system: LOINC, code: '24323-8' }] },
    subject: patientRef,
    presentedForm: [
      { contentType: 'application/pdf', data: plant(`JVBERi0x${digits(10)}`, 'other-identifier', 'presentedForm') },
    ],
  };
  // A modifier extension nobody declared: the whole resource is dropped (its meaning may have changed).
  const modified = {
    resourceType: 'Observation',
    id: `obs-mod-${index}`,
    status: 'final',
    code: { coding: [{ system: LOINC, code: '8867-4' }] },
    modifierExtension: [
      { url: `${VENDOR}/entered-for`, valueString: plant(`${sister} ${family}`, 'names', 'modifierExtension') },
    ],
    subject: patientRef,
    valueQuantity: { value: 72, unit: '/min', system: UCUM, code: '/min' },
  };
  // An IPS-style Composition (not on the allow-list): its narrative sections go with it.
  const composition = {
    resourceType: 'Composition',
    id: `comp-${index}`,
    status: 'final',
    type: { coding: [{ system: LOINC, code: '60591-5' }] },
    subject: patientRef,
    date: visitIso,
    author: [{ display: plant(`${pick(GIVEN.es)} ${pick(FAMILY.es)}`, 'names', 'Composition.author') }],
    title: 'Patient summary',
    section: [
      {
        title: 'Problems',
        text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${mrn}</div>` },
      },
    ],
  };

  const resources = [
    patient,
    encounter,
    ...conditions,
    ...observations,
    medicationRequest,
    related,
    document,
    report,
    modified,
    composition,
  ];
  const bundle = {
    resourceType: 'Bundle' as const,
    type: 'collection',
    entry: resources.map((resource) => ({
      fullUrl: `https://ehr.clinic.example/fhir/${resource.resourceType}/${resource.id as string}`,
      resource: JSON.parse(JSON.stringify(resource)) as Record<string, unknown>,
    })),
  };
  return { bundle, planted, clinical, language: lang };
}

interface NotePeople {
  given: string;
  family: string;
  spouse: string;
  sister: string;
  employer: string;
  phone: string;
  email: string;
  plate: string;
  visitLong: string;
}

/** A clinical note in the patient's language mentioning relatives, the employer, contacts, a plate and a date. */
function freeNote(
  lang: Lang,
  variant: number,
  p: NotePeople,
  plant: (value: string, kind: SafeHarborKind, place: string) => string,
): string {
  const relative = RELATIVE[lang][variant % RELATIVE[lang].length]!;
  const sister = RELATIVE[lang][2]!;
  plant(p.spouse, 'names', `note relative (${lang})`);
  plant(p.sister, 'names', `note relative (${lang})`);
  plant(p.plate, 'vehicle-identifier', `note plate (${lang})`);
  plant(p.email, 'email', `note email (${lang})`);
  const clinical: Record<Lang, string> = {
    en: 'HCV RNA 1,200,000 IU/mL; ALT 88 U/L; on sofosbuvir 400 mg daily.',
    es: 'ARN del VHC 1.200.000 UI/mL; ALT 88 U/L; con sofosbuvir 400 mg diarios.',
    pt: 'RNA do VHC 1.200.000 UI/mL; ALT 88 U/L; em uso de sofosbuvir 400 mg ao dia.',
    fr: 'ARN du VHC 1 200 000 UI/mL ; ALAT 88 U/L ; sous sofosbuvir 400 mg par jour.',
  };
  return (
    `${clinical[lang]} ${p.given} ${p.family}, ${relative(p.spouse)}; ${sister(p.sister)}. ` +
    `${WORKS_AT[lang](p.employer)}. ${CALL[lang]} ${p.phone}, ${p.email}. ${PLATE[lang]} ${p.plate}. ` +
    `${SEEN_ON[lang](p.visitLong)}`
  );
}
