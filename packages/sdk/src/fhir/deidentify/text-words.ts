/**
 * The words the free-text scanner ({@link ./text-scan.ts}) keys on, in English, Spanish, Portuguese and French:
 * relations and household members, titles, employer cues, identifier keywords, months, street types. Every list is
 * matched on whole tokens after {@link normWord} (lower case, accents dropped, `œ` → `oe`), so "Irmã", "irma" and
 * "IRMÃ" are one key.
 * @internal
 * @packageDocumentation
 */
import type { SafeHarborKind } from './policy.js';

const NON_ASCII = /[^\x20-\x7e\t\n\r]/;
const MARKS = /[\u0300-\u036f]/g;

/** Lower case, accents dropped, `œ`/`æ` spelt out: the key every word list is matched on. */
export function normWord(w: string): string {
  const lower = w.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(MARKS, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

const set = (...lists: string[]): ReadonlySet<string> =>
  new Set(lists.flatMap((l) => l.split(/\s+/).filter(Boolean).map(normWord)));

/** A relative or household member: a capitalised word after it is a name ("wife Guadalupe", "sa fille Chloé"). */
export const RELATIONS = set(
  // en
  'wife husband spouse partner son daughter mother mom mum mommy father dad daddy sister brother sibling aunt uncle ' +
    'niece nephew cousin grandson granddaughter grandmother grandma granny grandfather grandpa grandchild ' +
    'stepson stepdaughter stepmother stepfather stepbrother stepsister fiance fiancee boyfriend girlfriend roommate ' +
    'housemate flatmate neighbor neighbour friend caregiver carer guardian landlord landlady',
  // es
  'esposa esposo marido mujer pareja novio novia prometido prometida hijo hija hijastro hijastra madre mamá padre ' +
    'papá hermano hermana abuelo abuela nieto nieta tío tía sobrino sobrina primo prima cuñado cuñada suegro suegra ' +
    'yerno nuera padrastro madrastra vecino vecina amigo amiga cuidador cuidadora tutor tutora compañero compañera',
  // pt
  'companheiro companheira namorado namorada noivo noiva filho filha enteado enteada mãe mae pai irmão irmã avô avó ' +
    'neto neta tio tia sobrinho sobrinha cunhado cunhada sogro sogra genro nora padrasto madrasta vizinho vizinha',
  // fr
  'épouse époux femme mari conjoint conjointe compagnon compagne partenaire concubin concubine copain copine fiancé ' +
    'fiancée fils fille mère maman père papa frère sœur soeur grand-mère oncle tante neveu nièce cousine voisin ' +
    'voisine ami amie aidant aidante tuteur tutrice',
);

/** Titles before a name, matched only when capitalised ("Dr. Ruiz", "Sra. Gómez", "Mme Lefebvre", "M. Dupont"). */
export const TITLES = set(
  'dr dra mr mrs ms mx miss prof sr sra srta don doña dona mme mlle mmes docteur doctor doctora doutor doutora lic ing',
);
/** Titles that need a full stop after them ("M. Dupont"; "M" alone is too common). */
export const TITLES_WITH_DOT = set('m pr');

/** Words that introduce a name: "named Pedro", "se llama Ana", "chamado João", "s'appelle Chloé". */
export const NAME_CUES = set(
  'named called nicknamed llamado llamada llama apodado apodada chamado chamada chama apelidado apelidada nommé nommée ' +
    'appelé appelée appelle prénommé prénommée surnommé surnommée',
);
/** Labels of a name field: a name follows after ":" or "is" ("name: Ana", "nombre: Ana", "nom : DUPONT"). */
export const NAME_LABELS = set('name surname nombre apellido apellidos nome sobrenome nom prénom');
/** Words before "name" that make it something else than a person's name ("drug name: …"). */
export const NOT_PERSON_NAME = set(
  'drug brand generic trade medication medicine test lab product file user host domain program programme study ' +
    'medicamento fármaco marca producto produto médicament medicament marque produit',
);

/** Capitalised words that follow relation words or titles without being names. */
export const NOT_NAMES = set(
  // en function words and clinical words that get capitalised
  'the a an and or but is was has had have who whom which that this with without in on at of for to from by as also ' +
    'not no yes are were be been being will would can could may might should does did do he she they we it his her ' +
    'their our my its both all none unknown alive deceased died passed healthy hepatitis hep type diabetes positive ' +
    'negative history hx cancer tuberculosis covid hiv hcv hbv tb copd chf ckd esrd when while after before since ' +
    'then there here who patient pt present absent lives living works ' +
    'monday tuesday wednesday thursday friday saturday sunday',
  // es
  'el la los las un una y o de del que con sin en por para es era fue tiene tenía tenia no sí si su sus se le lo ' +
    'también tambien vive trabaja falleció fallecio fallecida fallecido sano sana lunes martes miércoles jueves ' +
    'viernes sábado domingo',
  // pt
  'os as um uma e ou do da dos das com sem em no na nos nas é foi tem tinha não nao sim seu sua também mora trabalha ' +
    'faleceu falecida falecido saudável segunda terça quarta quinta sexta sábado',
  // fr
  'le les des et du qui avec sans dans par pour est était etait avait ne pas non oui son sa ses il elle aussi vit ' +
    'travaille décédé décédée decede lundi mardi mercredi jeudi vendredi samedi dimanche',
);

/** Particles inside a multi-word name ("María de la Luz", "Van der Berg", "João da Silva"). */
export const NAME_PARTICLES = set('de del el la las los van von der den da das do dos du des di le st');

/** Words between a relation and the name ("son of Mary", "hija de María", "filho da Ana"). */
export const RELATION_FILLERS = set('of de do da du named called');

/** Verbs of working: "works at …", "trabaja en …", "trabalha na …", "travaille chez …". */
export const WORK_VERBS = set(
  'work works worked working employed employee hired job jobs trabaja trabajaba trabajó trabajo trabajando empleado ' +
    'empleada labora laboraba trabalha trabalhava trabalhou trabalhando empregado empregada funcionário funcionária ' +
    'travaille travaillait travaillé travaillant employé employée salarié salariée',
);
/** Prepositions that open the workplace after a verb of working. */
export const WORK_PREPOSITIONS = set('at for by in en para con na no em nas nos pela pelo chez à au aux pour dans de');
/** Labels of a workplace field (a value follows after ":" or "is"). */
export const EMPLOYER_LABELS = set(
  'employer employers workplace empleador empleadora patrón patron empregador empregadora patrão employeur',
);
/** Nouns that a company's name follows ("the company Acme", "la empresa Bimbo", "l'entreprise Renault"). */
export const EMPLOYER_NOUNS = set(
  'company firm factory employer empresa compañía compania fábrica fabrica companhia firma entreprise société ' +
    'societe usine chez',
);
/** Values of a workplace label that name no one. */
export const NOT_EMPLOYERS = set(
  'none n a na unemployed retired disabled self student homemaker desempleado desempleada jubilado jubilada ninguno ' +
    'ninguna desempregado desempregada aposentado aposentada nenhum retraité retraitée chômeur chômeuse aucun sans',
);
/** Articles and determiners before a workplace's name. */
export const ARTICLES = set('the a an el la los las un una o os as um uma le les l un une du des');

/** An identifier keyword: its words (normalised) and the kind of what follows. */
export interface IdKeyword {
  readonly words: readonly string[];
  readonly kind: SafeHarborKind;
  /** Only counts when written in capitals ("DL", "RG", "CI"): too common as ordinary words otherwise. */
  readonly caps?: boolean;
}

const kw = (kind: SafeHarborKind, phrases: string, caps = false): IdKeyword[] =>
  phrases
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ words: p.split(/[\s'’/-]+/).map(normWord), kind, ...(caps && { caps }) }));

/** Keywords after which an identifying number follows ("MRN 00123", "CPF 123.456.789-09", "permis n° 12AB34"). */
export const ID_KEYWORDS: readonly IdKeyword[] = [
  ...kw(
    'medical-record-number',
    'mrn|mr|medical record|medical record number|record number|chart|chart number|patient id|expediente|' +
      'número de expediente|historia clínica|prontuário|número do prontuário|dossier|numéro de dossier|ipp',
  ),
  ...kw('medical-record-number', 'HC|NHC', true),
  ...kw(
    'account-number',
    'acct|account|account number|bank account|card number|credit card|iban|routing number|cuenta|número de cuenta|' +
      'tarjeta|conta|número da conta|cartão|compte|numéro de compte|rib|carte bancaire',
  ),
  ...kw(
    'certificate-license-number',
    "license|licence|license number|licence number|driver's license|drivers license|driver license|" +
      "driver's licence|certificate|cert|permit|passport|npi|dea|licencia|licencia de conducir|número de licencia|" +
      'carnet de conducir|permiso de conducir|pasaporte|cédula profesional|carteira de motorista|cnh|habilitação|' +
      'licença|passaporte|permis|permis de conduire|numéro de permis|passeport|certificat',
  ),
  ...kw('certificate-license-number', 'DL', true),
  ...kw(
    'health-plan-number',
    'member id|policy number|policy no|insurance id|insurance number|subscriber id|group number|medicaid|medicare|' +
      'póliza|poliza|número de afiliación|afiliación|afiliado|apólice|carteirinha|cns|cartão sus|carte vitale|' +
      'mutuelle|numéro de police|numéro d’adhérent|adhérent',
  ),
  ...kw(
    'ssn',
    'ssn|ss|social security|social security number|seguridad social|número de seguridad social|seguro social|nss|' +
      'sécurité sociale|numéro de sécurité sociale|nir|sécu|inss|nis|pis',
  ),
  ...kw(
    'device-identifier',
    'serial|serial number|serial no|s n|sn|udi|imei|device id|mac address|número de serie|serie|número de série|' +
      'série|numéro de série',
  ),
  ...kw(
    'other-identifier',
    'id|id number|identification|identification number|identificación|identificacion|identificação|identifiant|' +
      'employee id|student id|badge|dni|nie|curp|rfc|ine|rut|cédula|cedula|cpf|cni|carte d’identité|' +
      "carte d'identité|numéro d'identité|documento|documento de identidad|matricule",
  ),
  ...kw('other-identifier', 'RG|CI|CC|TI', true),
];

/** Keywords of vehicle plates; `weak` ones ("car", "tag") need a plate with both letters and digits. */
export const PLATE_KEYWORDS: readonly (IdKeyword & { weak?: boolean })[] = [
  ...kw(
    'vehicle-identifier',
    "plate|plates|license plate|licence plate|plate number|placa|matrícula|patente|plaque|plaque d'immatriculation|" +
      'immatriculation|immatriculé|immatriculée|immatriculada|immatriculado',
  ),
  ...kw(
    'vehicle-identifier',
    'tag|car|truck|van|vehicle|motorcycle|coche|carro|auto|camioneta|camión|moto|caminhão|voiture|camion',
  ).map((k) => ({ ...k, weak: true })),
];

/** Words before a phone number ("call", "tel.", "llamar al", "ligar para", "appeler le", "portable :"). */
export const PHONE_CUES = set(
  'call phone telephone tel cell cellphone mobile fax ph text whatsapp teléfono telefono tfno móvil movil celular cel ' +
    'llamar llame llamarle telefone ligar liga contato téléphone tél portable fixe appeler appelez joindre',
);
/** Words that may sit between a phone cue and the number ("llamar al", "ligar para o", "appeler le", "number"). */
export const PHONE_FILLERS = set('al a para o le la au at on to number no nº n° numéro número numero is es é est de');
/** Words that may sit between an identifier keyword and its value. */
export const ID_FILLERS = set('no nº n° n num number numero número numéro is es é est de da do du id');

/** Age words: "95 years", "95 años", "95 anos", "95 ans". */
export const YEAR_WORDS = set('year years yr yrs yo años año anos ano ans');
/** Words before an age: "aged 95", "edad 95", "idade 95", "âge 95". */
export const AGE_CUES = set('age aged edad idade âge agé âgée');

/** Month names (and their case rule): English ones only count capitalised ("May", not "may"). */
export const MONTHS_EN = new Set([
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Sept',
  'Oct',
  'Nov',
  'Dec',
]);
/** Spanish, Portuguese and French month names, in any case. */
export const MONTHS_OTHER = set(
  'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ' +
    'janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro ' +
    'janvier février mars avril mai juin juillet août septembre octobre novembre décembre',
);
/** Short month names of es/pt/fr that are ordinary words too: dates only with a day ("3 mar. 2024", "5 set"). */
export const MONTHS_SHORT = set('ene abr ago dic fev set out dez janv févr fév avr juil déc sept oct nov');
/** Words between a day and a month or a month and a year ("3 de marzo de 2024", "3rd of March"). */
export const DATE_FILLERS = set('de del of');

/** US state codes (capitals) before a ZIP code. */
export const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK ' +
    'OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY'
  ).split(' '),
);
/** Postal-code keywords: `zip` keeps 3 digits under Safe Harbor; the others are removed. */
export const POSTAL_CUES = set('zip zipcode cp cep postal code codigo');

/** English street suffixes ("12 Elm Street", "2214 Coal Ave SE"). */
export const STREET_SUFFIXES = set(
  'street st avenue ave road rd boulevard blvd lane ln drive dr court ct circle cir way place pl terrace ter ' +
    'turnpike tpke highway hwy parkway pkwy trail trl loop square sq row alley plaza pike',
);
/** Street types written before the name: "Calle Mayor 12", "Rua Augusta, 145", "12 rue de la Paix". */
export const STREET_TYPES = set(
  'calle c camino avenida av avda paseo via vía rua r travessa praça praca largo estrada rodovia alameda rue ' +
    'avenue bd boulevard allée allee chemin impasse quai route cours plaza carrera carretera',
);
/** Apartment and unit words ("Apt 4B", "apto 302", "depto 4B", "appt 12"). */
export const UNIT_WORDS = set(
  'apt apartment unit suite ste room rm apto apartamento depto departamento dpto piso bloco bloque appt appartement bât',
);
/** Compass points after an English street ("Coal Avenue SE"). */
export const DIRECTIONS = new Set(['N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW']);

/** Top-level domains that make a bare "word.tld" a web address ("facebook.com/ana.r", "clinica.com.br"). */
export const TLDS = set(
  'com org net edu gov mil int io co info biz me app dev health us uk ca mx br ar cl pe ve uy py bo ec es pt fr be ' +
    'ch lu de it nl ma sn ci ht cm tn dz online site',
);
