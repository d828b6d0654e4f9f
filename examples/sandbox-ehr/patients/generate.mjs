// Writes the synthetic sandbox patients (FHIR R4 collection Bundles), index.json and planted.json.
// Run: node examples/sandbox-ehr/patients/generate.mjs && npx prettier --write examples/sandbox-ehr/patients
// Every person, number and address below is invented. Phones use the fictional 555-01xx range, IPs the
// documentation ranges (RFC 5737), emails and URLs the example.* domains, SSNs the never-issued 9xx area.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = 'https://ehr.sandbox.teleecho.example/fhir';
const SID = {
  mrn: 'https://ehr.sandbox.teleecho.example/sid/mrn',
  ssn: 'http://hl7.org/fhir/sid/us-ssn',
  dl: 'urn:oid:2.16.840.1.113883.4.3.35',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  account: 'https://ehr.sandbox.teleecho.example/sid/account',
  visit: 'https://ehr.sandbox.teleecho.example/sid/visit',
};
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const TZ = '-07:00';

/** @typedef {{ code: string, display: string, value?: number, comparator?: string, unit?: string, ucum?: string,
 *  valueCode?: { system: string, code: string, display: string }, category: 'laboratory' | 'vital-signs',
 *  series: Array<[string, number | null]> }} LabSpec */

const patients = [
  {
    file: 'hcv.json',
    id: 'pat-hcv-001',
    label: 'Chronic hepatitis C, genotype 1a, on sofosbuvir/velpatasvir',
    given: ['Marguerite', 'Louise'],
    family: 'Thibodeaux',
    nickname: 'Peggy',
    gender: 'female',
    birthDate: '1968-04-23',
    mrn: 'MRN-4829173',
    ssn: '912-48-3301',
    dl: 'D48291175',
    phone: '603-555-0147',
    mobile: '(603) 555-0198',
    fax: '603-555-0172',
    email: 'peggy.thibodeaux@example.com',
    line: ['17 Old Cheshire Turnpike', 'Apt 4B'],
    city: 'Charlestown',
    county: 'Sullivan County',
    state: 'NH',
    zip: '03603-4412',
    zip3: '000',
    relative: { given: 'Maria', family: 'Gonzalez', relationship: 'daughter', phone: '603-555-0133' },
    motherMaiden: 'Ouellette',
    gp: { id: 'prac-hcv-gp', given: 'Harold', family: 'Pennington', npi: '1942857306' },
    url: 'https://social.example.net/@peggy.thibodeaux',
    ip: '203.0.113.47',
    photo: 'https://ehr.sandbox.teleecho.example/photos/thibodeaux-full-face.jpg',
    account: 'ACCT-77120934',
    plate: 'NH ZKT-4471',
    licence: 'CDL-NH-559012',
    deviceSerial: null,
    admission: ['2024-06-13T22:40:00', '2024-06-16T11:05:00'],
    procedure: {
      date: '2024-06-14T14:10:00',
      code: '439707004',
      display: 'Transient elastography of liver',
    },
    conditions: [
      ['128302006', 'Chronic hepatitis C', 'B18.2', 'Chronic viral hepatitis C', '2019-08-30'],
      ['62484002', 'Hepatic fibrosis', 'K74.0', 'Hepatic fibrosis', '2024-06-14'],
      ['5602001', 'Opioid abuse', 'F11.21', 'Opioid dependence, in remission', '2016-02-11'],
    ],
    meds: [
      ['1940261', 'sofosbuvir 400 MG / velpatasvir 100 MG Oral Tablet', '1 tablet by mouth once daily for 12 weeks'],
      ['1010606', 'buprenorphine 8 MG / naloxone 2 MG Sublingual Film', '1 film under the tongue daily'],
    ],
    statement: ['197361', 'amlodipine 5 MG Oral Tablet', '5 mg by mouth daily'],
    allergy: { system: RXNORM, code: '7980', display: 'Penicillin G', reaction: ['247472004', 'Hives'] },
    /** @type {LabSpec[]} */
    labs: [
      {
        code: '11011-4',
        display: 'Hepatitis C virus RNA [Units/volume] (viral load) in Serum or Plasma by NAA with probe detection',
        unit: 'IU/mL',
        ucum: '[IU]/mL',
        category: 'laboratory',
        series: [
          ['2023-11-02', 1850000],
          ['2024-06-14', 1240000],
          ['2025-01-20', 15],
        ],
        comparatorLast: '<',
      },
      {
        code: '1742-6',
        display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
        unit: 'U/L',
        ucum: 'U/L',
        category: 'laboratory',
        series: [
          ['2023-11-02', 88],
          ['2024-06-14', 64],
          ['2025-01-20', 22],
        ],
      },
      {
        code: '777-3',
        display: 'Platelets [#/volume] in Blood by Automated count',
        unit: '10*3/uL',
        ucum: '10*3/uL',
        category: 'laboratory',
        series: [['2024-06-14', 142]],
      },
      {
        code: '32286-7',
        display: 'Hepatitis C virus genotype [Identifier] in Serum or Plasma by Probe and target amplification',
        valueCode: { system: LOINC, code: 'LA20172-9', display: 'Genotype 1a' },
        category: 'laboratory',
        series: [['2023-11-02', null]],
      },
    ],
    vitals: { date: '2024-06-14', sys: 128, dia: 82, weight: 64.2, hr: 76 },
    note:
      'Seen with daughter Maria Gonzalez, call 603-555-0133 if unable to reach pt. Peggy Thibodeaux (MRN-4829173, ' +
      'DOB 04/23/1968) lives at 17 Old Cheshire Turnpike, Charlestown; drives herself (plate NH ZKT-4471). ' +
      'Prefers email peggy.thibodeaux@example.com; fax records to 603-555-0172. SSN 912-48-3301 on file for ' +
      'insurance, account ACCT-77120934. Posts on https://social.example.net/@peggy.thibodeaux; portal login ' +
      'from 203.0.113.47. Holds commercial licence CDL-NH-559012. HCV RNA 1,240,000 IU/mL on 2024-06-14, ' +
      'FibroScan 9.8 kPa (F3). Started sofosbuvir/velpatasvir; ALT 64 U/L.',
  },
  {
    file: 'hiv.json',
    id: 'pat-hiv-002',
    label: 'HIV-1 infection, re-engaged in care, on bictegravir/FTC/TAF',
    given: ['Desmond', 'Olufemi'],
    family: 'Okonkwo-Baptiste',
    nickname: 'Dez',
    gender: 'male',
    birthDate: '1985-09-07',
    mrn: 'MRN-5503817',
    ssn: '923-71-4408',
    dl: 'NM-508814772',
    phone: '505-555-0161',
    mobile: '505.555.0119',
    fax: '505-555-0180',
    email: 'dez.okonkwo@example.org',
    line: ['2214 Coal Avenue SE'],
    city: 'Albuquerque',
    county: 'Bernalillo County',
    state: 'NM',
    zip: '87106-3317',
    zip3: '871',
    relative: { given: 'Chidinma', family: 'Okonkwo', relationship: 'sister', phone: '505-555-0125' },
    motherMaiden: 'Adebayo-Fairweather',
    gp: { id: 'prac-hiv-gp', given: 'Lucinda', family: 'Marchetti', npi: '1629384057' },
    url: 'https://www.dez-okonkwo-music.example.com',
    ip: '198.51.100.23',
    photo: 'https://ehr.sandbox.teleecho.example/photos/okonkwo-baptiste-full-face.png',
    account: 'ACCT-31884502',
    plate: 'NM AKX-229',
    licence: 'RN-NM-88213',
    deviceSerial: null,
    admission: ['2024-02-08T03:15:00', '2024-02-12T16:30:00'],
    procedure: { date: '2024-02-09T10:00:00', code: '76009000', display: 'Esophagogastroduodenoscopy' },
    conditions: [
      [
        '86406008',
        'Human immunodeficiency virus infection',
        'B20',
        'Human immunodeficiency virus [HIV] disease',
        '2017-05-19',
      ],
      ['79740000', 'Candidiasis of oral mucosa', 'B37.0', 'Candidal stomatitis', '2024-02-08'],
      [
        '35489007',
        'Depressive disorder',
        'F32.9',
        'Major depressive disorder, single episode, unspecified',
        '2021-10-01',
      ],
    ],
    meds: [
      [
        '1999563',
        'bictegravir 50 MG / emtricitabine 200 MG / tenofovir alafenamide 25 MG Oral Tablet',
        '1 tablet by mouth once daily',
      ],
      ['198335', 'sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet', '1 tablet by mouth daily'],
    ],
    statement: ['312938', 'sertraline 50 MG Oral Tablet', '50 mg by mouth daily'],
    allergy: { system: SNOMED, code: '91935009', display: 'Allergy to peanut', reaction: ['39579001', 'Anaphylaxis'] },
    labs: [
      {
        code: '20447-9',
        display: 'HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection',
        unit: 'copies/mL',
        ucum: '{copies}/mL',
        category: 'laboratory',
        series: [
          ['2024-02-08', 48200],
          ['2024-05-10', 1200],
          ['2024-11-15', 20],
        ],
        comparatorLast: '<',
      },
      {
        code: '24467-3',
        display: 'CD3+CD4+ (T4 helper) cells [#/volume] in Blood',
        unit: 'cells/uL',
        ucum: '/uL',
        category: 'laboratory',
        series: [
          ['2024-02-08', 212],
          ['2024-05-10', 348],
          ['2024-11-15', 455],
        ],
      },
      {
        code: '2160-0',
        display: 'Creatinine [Mass/volume] in Serum or Plasma',
        unit: 'mg/dL',
        ucum: 'mg/dL',
        category: 'laboratory',
        series: [
          ['2024-02-08', 0.9],
          ['2024-11-15', 1.0],
        ],
      },
    ],
    vitals: { date: '2024-11-15', sys: 118, dia: 74, weight: 71.5, hr: 68 },
    note:
      'Desmond "Dez" Okonkwo-Baptiste, MRN-5503817, came with sister Chidinma Okonkwo (505-555-0125). ' +
      'New address 2214 Coal Avenue SE, Albuquerque 87106-3317. Works as RN, licence RN-NM-88213. ' +
      'Reach at 505.555.0119 or dez.okonkwo@example.org; band site https://www.dez-okonkwo-music.example.com. ' +
      'Car NM AKX-229 was towed 02/08/2024, missed clinic. SSN 923-71-4408. Telehealth from 198.51.100.23. ' +
      'HIV-1 RNA 1,200 copies/mL, CD4 348 cells/uL; adherence improving on bictegravir/FTC/TAF.',
  },
  {
    file: 'dr-tb.json',
    id: 'pat-drtb-003',
    label: 'Rifampicin-resistant pulmonary TB on BPaL',
    given: ['Tomás', 'Ignacio'],
    family: 'Villaseñor',
    nickname: 'Nacho',
    gender: 'male',
    birthDate: '1979-12-02',
    mrn: 'MRN-6612094',
    ssn: '934-20-7715',
    dl: 'NM-440921388',
    phone: '575-555-0110',
    mobile: '575-555-0156',
    fax: '575-555-0177',
    email: 'tvillasenor79@example.net',
    line: ['408 Marr Street'],
    city: 'Truth or Consequences',
    county: 'Sierra County',
    state: 'NM',
    zip: '87901',
    zip3: '000',
    relative: { given: 'Guadalupe', family: 'Arredondo', relationship: 'wife', phone: '575-555-0139' },
    motherMaiden: 'Zubiría',
    gp: { id: 'prac-drtb-gp', given: 'Benedikt', family: 'Halvorsen', npi: '1750293846' },
    url: 'https://photos.example.com/albums/villasenor-family',
    ip: '192.0.2.118',
    photo: 'https://ehr.sandbox.teleecho.example/photos/villasenor-full-face.jpg',
    account: 'ACCT-90213477',
    plate: 'NM 772-RTQ',
    licence: 'FISH-NM-2024-33187',
    deviceSerial: null,
    admission: ['2024-09-03T18:20:00', '2024-09-21T09:45:00'],
    procedure: { date: '2024-09-05T08:30:00', code: '10847001', display: 'Bronchoscopy' },
    conditions: [
      ['423092005', 'Multidrug resistant tuberculosis', 'A15.0', 'Tuberculosis of lung', '2024-09-04'],
      ['44054006', 'Diabetes mellitus type 2', 'E11.9', 'Type 2 diabetes mellitus without complications', '2015-03-17'],
      ['7200002', 'Alcoholism', 'F10.20', 'Alcohol dependence, uncomplicated', '2012-06-01'],
    ],
    meds: [
      ['1364504', 'bedaquiline 100 MG Oral Tablet', '400 mg daily for 2 weeks then 200 mg three times weekly'],
      ['2198359', 'pretomanid 200 MG Oral Tablet', '200 mg by mouth daily'],
      ['311347', 'linezolid 600 MG Oral Tablet', '600 mg by mouth daily'],
    ],
    statement: ['860975', 'metformin hydrochloride 500 MG Oral Tablet', '500 mg twice daily'],
    allergy: {
      system: SNOMED,
      code: '91939003',
      display: 'Allergy to sulfonamide',
      reaction: ['271807003', 'Eruption of skin'],
    },
    labs: [
      {
        code: '543-9',
        display: 'Mycobacterium sp identified in Unspecified specimen by Organism specific culture',
        valueCode: { system: SNOMED, code: '113861009', display: 'Mycobacterium tuberculosis' },
        category: 'laboratory',
        series: [['2024-09-05', null]],
      },
      {
        code: '8636-3',
        display: 'Q-T interval corrected',
        unit: 'ms',
        ucum: 'ms',
        category: 'laboratory',
        series: [
          ['2024-09-04', 438],
          ['2024-10-02', 452],
          ['2024-12-04', 447],
        ],
      },
      {
        code: '1742-6',
        display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
        unit: 'U/L',
        ucum: 'U/L',
        category: 'laboratory',
        series: [
          ['2024-09-04', 31],
          ['2024-10-02', 58],
        ],
      },
      {
        code: '4548-4',
        display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
        unit: '%',
        ucum: '%',
        category: 'laboratory',
        series: [['2024-09-04', 8.1]],
      },
    ],
    vitals: { date: '2024-10-02', sys: 122, dia: 78, weight: 58.9, hr: 92 },
    note:
      'Tomás "Nacho" Villaseñor (MRN-6612094), wife Guadalupe Arredondo answers at 575-555-0139. Home: 408 Marr ' +
      'Street, Truth or Consequences. DOT by video; phone 575-555-0156, email tvillasenor79@example.net, IP ' +
      '192.0.2.118. Truck plate NM 772-RTQ seen at clinic 09/03/2024. Fishing licence FISH-NM-2024-33187. ' +
      'Family album https://photos.example.com/albums/villasenor-family. Xpert MTB/RIF: rifampicin resistance ' +
      'detected. QTc 452 ms on bedaquiline; linezolid 600 mg daily.',
  },
  {
    file: 't2d.json',
    id: 'pat-t2d-004',
    label: 'Type 2 diabetes with CKD 3a, poorly controlled',
    given: ['Lorraine', 'Yvette'],
    family: 'Begaye-Tsosie',
    nickname: 'Rainy',
    gender: 'female',
    birthDate: '1961-03-30',
    mrn: 'MRN-7740251',
    ssn: '945-62-1139',
    dl: 'NM-771203564',
    phone: '505-555-0104',
    mobile: '505-555-0187',
    fax: '505-555-0166',
    email: 'rainy.begaye@example.com',
    line: ['1207 Kachina Circle'],
    city: 'Gallup',
    county: 'McKinley County',
    state: 'NM',
    zip: '87301',
    zip3: '873',
    relative: { given: 'Franklin', family: 'Tsosie', relationship: 'husband', phone: '505-555-0112' },
    motherMaiden: 'Nakai-Whitehorse',
    gp: { id: 'prac-t2d-gp', given: 'Priyanka', family: 'Raghunathan', npi: '1083746592' },
    url: 'https://blog.example.org/rainy-cooks',
    ip: '203.0.113.201',
    photo: 'https://ehr.sandbox.teleecho.example/photos/begaye-tsosie-full-face.jpg',
    account: 'ACCT-55410986',
    plate: 'NM BNX-8812',
    licence: 'CERT-FOODH-77431',
    deviceSerial: 'G7-DX4471902',
    admission: ['2025-02-17T07:55:00', '2025-02-19T13:20:00'],
    procedure: { date: '2025-02-18T09:00:00', code: '252779009', display: 'Single bright light fundus photography' },
    conditions: [
      ['44054006', 'Diabetes mellitus type 2', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia', '2009-11-04'],
      ['700378005', 'Chronic kidney disease stage 3a', 'N18.31', 'Chronic kidney disease, stage 3a', '2022-05-12'],
      ['38341003', 'Hypertensive disorder', 'I10', 'Essential (primary) hypertension', '2011-01-20'],
    ],
    meds: [
      ['861004', 'metformin hydrochloride 1000 MG Oral Tablet', '500 mg twice daily (renal dose)'],
      ['1545658', 'empagliflozin 10 MG Oral Tablet', '10 mg by mouth daily'],
      ['2563976', 'insulin glargine-yfgn 100 UNT/ML Injectable Solution', '22 units subcutaneously at bedtime'],
    ],
    statement: ['979492', 'losartan potassium 50 MG Oral Tablet', '50 mg by mouth daily'],
    allergy: { system: RXNORM, code: '29046', display: 'lisinopril', reaction: ['41291007', 'Angioedema'] },
    labs: [
      {
        code: '4548-4',
        display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
        unit: '%',
        ucum: '%',
        category: 'laboratory',
        series: [
          ['2024-03-11', 10.2],
          ['2024-07-09', 9.1],
          ['2024-11-12', 8.4],
          ['2025-02-18', 7.6],
        ],
      },
      {
        code: '98979-8',
        display:
          'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by ' +
          'Creatinine-based formula (CKD-EPI 2021)',
        unit: 'mL/min/1.73m2',
        ucum: 'mL/min/{1.73_m2}',
        category: 'laboratory',
        series: [
          ['2024-03-11', 54],
          ['2025-02-18', 52],
        ],
      },
      {
        code: '9318-7',
        display: 'Albumin/Creatinine [Mass Ratio] in Urine',
        unit: 'mg/g',
        ucum: 'mg/g{creat}',
        category: 'laboratory',
        series: [['2025-02-18', 180]],
      },
    ],
    vitals: { date: '2025-02-18', sys: 146, dia: 88, weight: 94.3, hr: 81 },
    note:
      'Lorraine "Rainy" Begaye-Tsosie, MRN-7740251, DOB 03/30/1961. Husband Franklin Tsosie (505-555-0112) ' +
      'helps with insulin. Lives 1207 Kachina Circle, Gallup NM 87301. Dexcom G7 serial G7-DX4471902 paired to ' +
      'phone 505-555-0187; uploads from 203.0.113.201. Email rainy.begaye@example.com; recipes at ' +
      'https://blog.example.org/rainy-cooks. Food handler certificate CERT-FOODH-77431. Van plate NM BNX-8812. ' +
      'HbA1c 7.6 % (from 10.2 %), eGFR 52 mL/min/1.73m2, UACR 180 mg/g.',
  },
  {
    file: 'palliative-92.json',
    id: 'pat-pall-005',
    label: 'Palliative care, age 92, HFrEF and CKD stage 4',
    given: ['Eulalia', 'Petra'],
    family: 'Montoya de Baca',
    nickname: 'Lala',
    gender: 'female',
    birthDate: '1933-06-11',
    mrn: 'MRN-8105526',
    ssn: '956-03-2281',
    dl: 'NM-110337290',
    phone: '505-555-0193',
    mobile: '505-555-0145',
    fax: '505-555-0158',
    email: 'lala.montoya@example.net',
    line: ['96 Calle Ojo de la Vaca'],
    city: 'Santa Fe',
    county: 'Santa Fe County',
    state: 'NM',
    zip: '87505-2231',
    zip3: '875',
    relative: { given: 'Rosaura', family: 'Montoya-Lucero', relationship: 'daughter', phone: '505-555-0128' },
    motherMaiden: 'Archuleta',
    gp: { id: 'prac-pall-gp', given: 'Fitzgerald', family: 'Abernathy', npi: '1598273640' },
    url: 'https://memorial.example.com/montoya-de-baca',
    ip: '198.51.100.77',
    photo: 'https://ehr.sandbox.teleecho.example/photos/montoya-de-baca-full-face.jpg',
    account: 'ACCT-10482259',
    plate: 'NM LALA-33',
    licence: 'POLST-NM-2025-0412',
    deviceSerial: 'ICD-MDT-PXQ771203',
    admission: ['2025-08-01T19:10:00', '2025-08-06T12:00:00'],
    procedure: { date: '2025-08-04T11:20:00', code: '91602006', display: 'Thoracentesis' },
    conditions: [
      [
        '703272007',
        'Heart failure with reduced ejection fraction',
        'I50.22',
        'Chronic systolic (congestive) heart failure',
        '2018-04-02',
      ],
      [
        '431857002',
        'Chronic kidney disease stage 4',
        'N18.4',
        'Chronic kidney disease, stage 4 (severe)',
        '2023-09-14',
      ],
      ['248279007', 'Frailty', 'R54', 'Age-related physical debility', '2024-01-09'],
    ],
    meds: [
      ['313988', 'furosemide 40 MG Oral Tablet', '40 mg by mouth twice daily'],
      ['892297', 'morphine sulfate 2 MG/ML Oral Solution', '2.5 mg by mouth every 4 hours as needed for dyspnea'],
    ],
    statement: ['200031', 'carvedilol 6.25 MG Oral Tablet', '6.25 mg by mouth twice daily'],
    allergy: { system: RXNORM, code: '2670', display: 'codeine', reaction: ['422587007', 'Nausea'] },
    labs: [
      {
        code: '33762-6',
        display: 'Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma',
        unit: 'pg/mL',
        ucum: 'pg/mL',
        category: 'laboratory',
        series: [
          ['2025-03-20', 4820],
          ['2025-08-01', 7950],
        ],
      },
      {
        code: '2160-0',
        display: 'Creatinine [Mass/volume] in Serum or Plasma',
        unit: 'mg/dL',
        ucum: 'mg/dL',
        category: 'laboratory',
        series: [
          ['2025-03-20', 2.1],
          ['2025-08-01', 2.6],
        ],
      },
      {
        code: '2951-2',
        display: 'Sodium [Moles/volume] in Serum or Plasma',
        unit: 'mmol/L',
        ucum: 'mmol/L',
        category: 'laboratory',
        series: [['2025-08-01', 131]],
      },
    ],
    vitals: { date: '2025-08-05', sys: 98, dia: 58, weight: 47.8, hr: 88 },
    note:
      '92-year-old woman, Eulalia "Lala" Montoya de Baca, MRN-8105526, born 06/11/1933, aged 92. Daughter ' +
      'Rosaura Montoya-Lucero (505-555-0128, lala.montoya@example.net) holds POA; POLST-NM-2025-0412 on file. ' +
      'Home 96 Calle Ojo de la Vaca, Santa Fe. ICD serial ICD-MDT-PXQ771203 - deactivation discussed. ' +
      'Neighbor drives her in car NM LALA-33. Family page https://memorial.example.com/montoya-de-baca. ' +
      'NT-proBNP 7950 pg/mL, creatinine 2.6 mg/dL. Goals of care: comfort, home hospice.',
  },
];

/** Slash and long forms of an ISO date, as clinicians write them. */
function usDate(iso) {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${m}/${d}/${y}`;
}
const digits = (s) => s.replace(/\D/g, '');
const fullName = (p) => `${p.given[0]} ${p.family}`;

function build(p) {
  const pid = p.id;
  const subject = { reference: `Patient/${pid}`, display: `${p.given.join(' ')} ${p.family}` };
  const key = pid.split('-')[1];
  const encId = `enc-${key}-1`;
  const encounter = { reference: `Encounter/${encId}`, display: `Admission of ${fullName(p)}` };
  const gpRef = { reference: `Practitioner/${p.gp.id}`, display: `Dr. ${p.gp.given} ${p.gp.family}` };
  const rel = p.relative;
  const resources = [];
  const div = (html) => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${html}</div>` });

  resources.push({
    resourceType: 'Patient',
    id: pid,
    meta: { lastUpdated: `${p.admission[1]}${TZ}`, source: `#${p.mrn}` },
    text: div(
      `<p><b>${p.given.join(' ')} ${p.family.toUpperCase()}</b> (${p.nickname}), ${p.gender}, DOB ${p.birthDate}` +
        ` &amp; MRN ${p.mrn}</p><p>Phone ${p.phone}, ${p.line[0]}, ${p.city} ${p.zip}</p>`,
    ),
    extension: [
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex',
        valueCode: p.gender === 'female' ? 'F' : 'M',
      },
      { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: p.motherMaiden },
      {
        url: 'https://ehr.sandbox.teleecho.example/fhir/StructureDefinition/portal-access',
        extension: [
          { url: 'lastLoginIp', valueString: p.ip },
          { url: 'homepage', valueUrl: p.url },
          { url: 'username', valueString: p.email },
        ],
      },
    ],
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }], text: 'MRN' },
        system: SID.mrn,
        value: p.mrn,
      },
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS' }] },
        system: SID.ssn,
        value: p.ssn,
      },
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'DL' }] },
        system: SID.dl,
        value: p.dl,
      },
    ],
    active: true,
    name: [
      { use: 'official', family: p.family, given: p.given, text: `${p.given.join(' ')} ${p.family}` },
      { use: 'nickname', given: [p.nickname] },
    ],
    telecom: [
      { system: 'phone', value: p.phone, use: 'home' },
      { system: 'phone', value: p.mobile, use: 'mobile' },
      { system: 'fax', value: p.fax, use: 'home' },
      { system: 'email', value: p.email },
    ],
    gender: p.gender,
    birthDate: p.birthDate,
    deceasedBoolean: false,
    address: [
      {
        use: 'home',
        line: p.line,
        city: p.city,
        district: p.county,
        state: p.state,
        postalCode: p.zip,
        country: 'US',
        period: { start: `${p.admission[0].slice(0, 4)}-01-15` },
      },
    ],
    maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }] },
    contact: [
      {
        relationship: [
          { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N' }], text: rel.relationship },
        ],
        name: { family: rel.family, given: [rel.given], text: `${rel.given} ${rel.family}` },
        telecom: [{ system: 'phone', value: rel.phone }],
        address: { line: p.line, city: p.city, postalCode: p.zip },
      },
    ],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en-US' }] }, preferred: true }],
    generalPractitioner: [gpRef],
    managingOrganization: { reference: 'Organization/org-sandbox', display: 'Sandbox Community Health' },
    photo: [{ contentType: 'image/jpeg', url: p.photo, title: `Full-face photo of ${fullName(p)}` }],
  });

  resources.push({
    resourceType: 'Practitioner',
    id: p.gp.id,
    identifier: [{ system: SID.npi, value: p.gp.npi }],
    name: [{ family: p.gp.family, given: [p.gp.given], prefix: ['Dr.'] }],
    telecom: [{ system: 'fax', value: p.fax, use: 'work' }],
  });

  resources.push({
    resourceType: 'Encounter',
    id: encId,
    text: div(`<p>Admission ${usDate(p.admission[0])} - ${usDate(p.admission[1])} for ${fullName(p)}</p>`),
    identifier: [
      { system: SID.visit, value: `V-${digits(p.mrn)}-01` },
      { system: SID.account, value: p.account },
    ],
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
    type: [{ coding: [{ system: SNOMED, code: '32485007', display: 'Hospital admission' }] }],
    subject,
    participant: [{ individual: gpRef }, { individual: { reference: '#rp1', display: `${rel.given} ${rel.family}` } }],
    contained: [
      {
        resourceType: 'RelatedPerson',
        id: 'rp1',
        patient: { reference: `Patient/${pid}` },
        relationship: [{ text: rel.relationship }],
        name: [{ family: rel.family, given: [rel.given] }],
        telecom: [{ system: 'phone', value: rel.phone }],
      },
    ],
    period: { start: `${p.admission[0]}${TZ}`, end: `${p.admission[1]}${TZ}` },
    hospitalization: {
      admitSource: { text: 'Emergency department' },
      dischargeDisposition: { text: `Home with ${rel.relationship}` },
    },
    serviceProvider: { reference: 'Organization/org-sandbox', display: 'Sandbox Community Health' },
  });

  resources.push({
    resourceType: 'Organization',
    id: 'org-sandbox',
    name: 'Sandbox Community Health',
    telecom: [{ system: 'phone', value: '505-555-0100' }],
  });

  p.conditions.forEach(([sct, sctDisplay, icd, icdDisplay, onset], i) => {
    resources.push({
      resourceType: 'Condition',
      id: `cond-${key}-${i + 1}`,
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }],
        },
      ],
      code: {
        coding: [
          { system: SNOMED, code: sct, display: sctDisplay },
          { system: ICD10, code: icd, display: icdDisplay },
        ],
        text: sctDisplay,
      },
      subject,
      encounter: i === 0 ? encounter : undefined,
      onsetDateTime: onset,
      recordedDate: `${onset}T10:00:00${TZ}`,
      recorder: gpRef,
      note:
        i === 0
          ? [
              {
                authorReference: gpRef,
                time: `${p.admission[0]}${TZ}`,
                text: `Seen with ${rel.relationship} ${rel.given} ${rel.family}, call ${rel.phone}.`,
              },
            ]
          : undefined,
    });
  });

  p.meds.forEach(([rx, display, dose], i) => {
    resources.push({
      resourceType: 'MedicationRequest',
      id: `medrx-${key}-${i + 1}`,
      identifier: [{ system: 'https://ehr.sandbox.teleecho.example/sid/rx', value: `RX${digits(p.mrn)}${i}` }],
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: rx, display }], text: display },
      subject,
      encounter,
      authoredOn: `${p.admission[1]}${TZ}`,
      requester: gpRef,
      dosageInstruction: [{ text: dose }],
      note:
        i === 0
          ? [{ text: `Pharmacy to text ${p.mobile} when ready; pick-up by ${rel.given} ${rel.family}.` }]
          : undefined,
    });
  });

  resources.push({
    resourceType: 'MedicationStatement',
    id: `medst-${key}-1`,
    status: 'active',
    medicationCodeableConcept: {
      coding: [{ system: RXNORM, code: p.statement[0], display: p.statement[1] }],
      text: p.statement[1],
    },
    subject,
    effectivePeriod: { start: `${p.conditions[0][4]}` },
    dateAsserted: `${p.admission[0]}${TZ}`,
    informationSource: { reference: `Patient/${pid}`, display: fullName(p) },
    dosage: [{ text: p.statement[2] }],
  });

  const a = p.allergy;
  resources.push({
    resourceType: 'AllergyIntolerance',
    id: `allergy-${key}-1`,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }],
    },
    type: 'allergy',
    category: [a.system === RXNORM ? 'medication' : 'food'],
    criticality: 'high',
    code: { coding: [{ system: a.system, code: a.code, display: a.display }], text: a.display },
    patient: subject,
    recordedDate: `${p.conditions[0][4]}T09:00:00${TZ}`,
    recorder: { reference: `Patient/${pid}`, display: `${p.nickname} ${p.family}` },
    reaction: [
      {
        manifestation: [{ coding: [{ system: SNOMED, code: a.reaction[0], display: a.reaction[1] }] }],
        severity: 'severe',
        note: [{ text: `Per ${rel.relationship} ${rel.given}: reaction at home, ${p.line[0]}.` }],
      },
    ],
  });

  const vitalsCat = [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/observation-category',
          code: 'vital-signs',
          display: 'Vital Signs',
        },
      ],
    },
  ];
  const labCat = [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/observation-category',
          code: 'laboratory',
          display: 'Laboratory',
        },
      ],
    },
  ];
  let n = 0;
  for (const lab of p.labs) {
    lab.series.forEach(([date, value], i) => {
      const obs = {
        resourceType: 'Observation',
        id: `obs-${key}-${++n}`,
        identifier: [{ system: 'https://lab.sandbox.teleecho.example/accession', value: `ACC-${digits(p.mrn)}-${n}` }],
        status: 'final',
        category: labCat,
        code: { coding: [{ system: LOINC, code: lab.code, display: lab.display }], text: lab.display },
        subject,
        effectiveDateTime: `${date}T08:15:00${TZ}`,
        issued: `${date}T14:02:11.000${TZ}`,
        performer: [{ reference: 'Organization/org-sandbox', display: 'Sandbox Community Health Laboratory' }],
      };
      if (lab.valueCode) obs.valueCodeableConcept = { coding: [lab.valueCode], text: lab.valueCode.display };
      else {
        obs.valueQuantity = { value, unit: lab.unit, system: UCUM, code: lab.ucum };
        if (lab.comparatorLast && i === lab.series.length - 1) obs.valueQuantity.comparator = lab.comparatorLast;
      }
      resources.push(obs);
    });
  }
  const v = p.vitals;
  const vital = (code, display, value, unit, ucum) => ({
    resourceType: 'Observation',
    id: `obs-${key}-${++n}`,
    status: 'final',
    category: vitalsCat,
    code: { coding: [{ system: LOINC, code, display }] },
    subject,
    encounter,
    effectiveDateTime: `${v.date}T09:05:00${TZ}`,
    valueQuantity: { value, unit, system: UCUM, code: ucum },
  });
  resources.push({
    resourceType: 'Observation',
    id: `obs-${key}-${++n}`,
    status: 'final',
    category: vitalsCat,
    code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }] },
    subject,
    effectiveDateTime: `${v.date}T09:05:00${TZ}`,
    component: [
      {
        code: { coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }] },
        valueQuantity: { value: v.sys, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' }] },
        valueQuantity: { value: v.dia, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
      },
    ],
  });
  resources.push(vital('29463-7', 'Body weight', v.weight, 'kg', 'kg'));
  resources.push(vital('8867-4', 'Heart rate', v.hr, '/min', '/min'));
  // Social history as free text (valueString), with a contained performer.
  resources.push({
    resourceType: 'Observation',
    id: `obs-${key}-${++n}`,
    contained: [
      {
        resourceType: 'Practitioner',
        id: 'sw1',
        name: [{ family: 'Fairbanks-Oyelaran', given: ['Winnifred'] }],
        telecom: [{ system: 'email', value: 'w.fairbanks@sandbox-hospital.example' }],
      },
    ],
    status: 'final',
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'social-history' }],
      },
    ],
    code: { coding: [{ system: LOINC, code: '29762-2', display: 'Social history Narrative' }] },
    subject,
    effectiveDateTime: `${p.admission[0]}${TZ}`,
    performer: [{ reference: '#sw1', display: 'Winnifred Fairbanks-Oyelaran, LCSW' }],
    valueString:
      `Lives at ${p.line.join(', ')}, ${p.city} with ${rel.relationship} ${rel.given} ${rel.family}. ` +
      `Contact ${p.phone}. Admitted ${usDate(p.admission[0])}.`,
  });

  resources.push({
    resourceType: 'Procedure',
    id: `proc-${key}-1`,
    status: 'completed',
    code: { coding: [{ system: SNOMED, code: p.procedure.code, display: p.procedure.display }] },
    subject,
    encounter,
    performedDateTime: `${p.procedure.date}${TZ}`,
    performer: [{ actor: gpRef }],
    note: [{ text: `Consent signed by ${fullName(p)} on ${usDate(p.procedure.date)}.` }],
  });

  if (p.deviceSerial) {
    resources.push({
      resourceType: 'Device',
      id: `device-${key}-1`,
      identifier: [{ system: 'https://ehr.sandbox.teleecho.example/sid/device', value: p.deviceSerial }],
      udiCarrier: [{ deviceIdentifier: `(01)00386270000385(21)${p.deviceSerial}` }],
      serialNumber: p.deviceSerial,
      deviceName: [
        {
          name: key === 't2d' ? 'Dexcom G7 CGM' : 'Implantable cardioverter-defibrillator',
          type: 'user-friendly-name',
        },
      ],
      manufactureDate: '2023-05-02',
      patient: { reference: `Patient/${pid}`, display: fullName(p) },
    });
  }

  resources.push({
    resourceType: 'DocumentReference',
    id: `doc-${key}-1`,
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:2.25.${digits(p.mrn)}${digits(p.ssn)}` },
    status: 'current',
    type: { coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }] },
    subject,
    date: `${p.admission[1]}${TZ}`,
    author: [gpRef],
    description: `Progress note for ${fullName(p)} (${p.mrn})`,
    content: [
      {
        attachment: {
          contentType: 'text/plain',
          language: 'en-US',
          data: Buffer.from(p.note, 'utf8').toString('base64'),
          url: `https://ehr.sandbox.teleecho.example/notes/${p.mrn}.txt`,
          title: `Progress note - ${fullName(p)} - ${usDate(p.admission[1])}`,
          creation: `${p.admission[1]}${TZ}`,
        },
      },
    ],
    context: { encounter: [encounter], period: { start: `${p.admission[0]}${TZ}`, end: `${p.admission[1]}${TZ}` } },
  });

  // The same note as an Observation with a free-text value (the form the SDK actually reads).
  resources.push({
    resourceType: 'Observation',
    id: `obs-${key}-${++n}`,
    status: 'final',
    code: { coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }] },
    subject,
    encounter,
    effectiveDateTime: `${p.admission[1]}${TZ}`,
    valueString: p.note,
    note: [
      { authorString: `Dr. ${p.gp.given} ${p.gp.family}`, text: `Discussed with ${p.nickname}; email ${p.email}.` },
    ],
  });

  const bundle = {
    resourceType: 'Bundle',
    id: `bundle-${key}`,
    type: 'collection',
    timestamp: `${p.admission[1]}${TZ}`,
    entry: resources.map((r) => ({
      fullUrl: `${BASE}/${r.resourceType}/${r.id}`,
      resource: JSON.parse(JSON.stringify(r)),
    })),
  };

  // Everything that must not survive de-identification (searched case-insensitively in the whole output).
  const planted = [
    pid,
    p.mrn,
    digits(p.mrn),
    p.ssn,
    digits(p.ssn),
    p.dl,
    ...p.given,
    p.family,
    `${p.given[0]} ${p.family}`,
    p.nickname,
    p.phone,
    p.mobile,
    p.fax,
    digits(p.phone),
    digits(p.mobile),
    digits(p.fax),
    p.email,
    ...p.line,
    p.city,
    p.county,
    p.zip,
    p.birthDate,
    usDate(p.birthDate),
    rel.given,
    rel.family,
    rel.phone,
    digits(rel.phone),
    p.motherMaiden,
    p.gp.given,
    p.gp.family,
    p.gp.npi,
    'Winnifred',
    'Fairbanks-Oyelaran',
    'w.fairbanks@sandbox-hospital.example',
    p.url,
    p.ip,
    p.photo,
    p.account,
    digits(p.account),
    p.plate,
    p.licence,
    ...(p.deviceSerial ? [p.deviceSerial] : []),
    p.admission[0].slice(0, 10),
    p.admission[1].slice(0, 10),
    usDate(p.admission[0]),
    p.procedure.date.slice(0, 10),
    ...p.labs.flatMap((l) => l.series.map(([d]) => d)),
    v.date,
    `ACC-${digits(p.mrn)}-1`,
    `V-${digits(p.mrn)}-01`,
  ];
  if (p.birthDate < '1936') planted.push('92-year-old', 'aged 92', 'born 06/11/1933');
  const clinical = {
    conditions: p.conditions.map(([sct, , icd, , onset]) => ({
      snomed: sct,
      icd10: icd,
      onsetYear: onset.slice(0, 4),
    })),
    medications: [
      ...p.meds.map(([rx, display]) => ({ resourceType: 'MedicationRequest', rxnorm: rx, display })),
      { resourceType: 'MedicationStatement', rxnorm: p.statement[0], display: p.statement[1] },
    ],
    allergy: { system: a.system, code: a.code, reaction: a.reaction[0] },
    observations: [
      ...p.labs.flatMap((l) =>
        l.series.map(([date, value], i) =>
          l.valueCode
            ? { loinc: l.code, year: date.slice(0, 4), valueCode: l.valueCode.code }
            : {
                loinc: l.code,
                year: date.slice(0, 4),
                value,
                unit: l.unit,
                ucum: l.ucum,
                ...(l.comparatorLast && i === l.series.length - 1 ? { comparator: l.comparatorLast } : {}),
              },
        ),
      ),
      { loinc: '8480-6', component: true, year: v.date.slice(0, 4), value: v.sys, unit: 'mmHg', ucum: 'mm[Hg]' },
      { loinc: '8462-4', component: true, year: v.date.slice(0, 4), value: v.dia, unit: 'mmHg', ucum: 'mm[Hg]' },
      { loinc: '29463-7', year: v.date.slice(0, 4), value: v.weight, unit: 'kg', ucum: 'kg' },
      { loinc: '8867-4', year: v.date.slice(0, 4), value: v.hr, unit: '/min', ucum: '/min' },
    ],
    procedure: { snomed: p.procedure.code, year: p.procedure.date.slice(0, 4) },
    encounterYears: [p.admission[0].slice(0, 4), p.admission[1].slice(0, 4)],
    gender: p.gender,
    state: p.state,
    zip3: p.zip3,
    birthYear: p.birthDate < '1936' ? null : p.birthDate.slice(0, 4),
    age90plus: p.birthDate < '1936',
    resourceCount: resources.length,
  };
  return { bundle, planted: [...new Set(planted)], clinical };
}

const index = [];
const plantedAll = {};
for (const p of patients) {
  const { bundle, planted, clinical } = build(p);
  writeFileSync(join(here, p.file), JSON.stringify(bundle, null, 2) + '\n');
  index.push({
    file: p.file,
    patientId: p.id,
    label: p.label,
    name: `${p.given[0]} ${p.family}`,
    birthDate: p.birthDate,
  });
  plantedAll[p.file] = { patientId: p.id, identifiers: planted, clinical };
}
writeFileSync(join(here, 'index.json'), JSON.stringify(index, null, 2) + '\n');
writeFileSync(
  join(here, 'planted.json'),
  JSON.stringify(
    {
      description:
        'Per patient: every planted identifier string (must be absent, case-insensitively, from de-identified ' +
        'output) and the clinical facts that must survive. Generated by generate.mjs.',
      patients: plantedAll,
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${patients.length} patients`);
