// The host page's glue: get a short-lived presenter token from the host backend (here: the dev server started by
// `npm start`, which mints it with the hub's secret API key — browsers never see that key) and show the presenter's
// cases in <echo-recommendation-viewer>. "Copy to chart" hands over a FHIR Communication; a real EHR would POST it
// to its FHIR server (with the patient as subject) — here it is only displayed.
import { fillLanguagePicker, translateChrome } from '/host-i18n.js';

const viewer = document.getElementById('viewer');
const status = document.getElementById('status');
const communication = document.getElementById('communication');
const lang = document.getElementById('lang');

/** This page's own words; the elements bring theirs. */
const TEXTS = {
  en: {
    portal: 'Patient portal · clinicians',
    heading: 'Recommendations from the teleECHO hub',
    intro:
      'Your presented cases and the hub team’s written recommendations. New and amended ones appear here without reloading; acknowledge them, reply, print them, or copy one into the chart.',
    chart: 'What “Copy to chart” hands to the EHR',
  },
  es: {
    portal: 'Portal del paciente · profesionales',
    heading: 'Recomendaciones del hub teleECHO',
    intro:
      'Sus casos presentados y las recomendaciones escritas del equipo del hub. Las nuevas y las enmendadas aparecen aquí sin recargar; confírmelas, responda, imprímalas o copie una a la historia clínica.',
    chart: 'Lo que «Copiar a la historia clínica» entrega a la HCE',
  },
  pt: {
    portal: 'Portal do paciente · profissionais',
    heading: 'Recomendações do hub teleECHO',
    intro:
      'Seus casos apresentados e as recomendações escritas da equipe do hub. As novas e as alteradas aparecem aqui sem recarregar; confirme, responda, imprima ou copie uma para o prontuário.',
    chart: 'O que “Copiar para o prontuário” entrega ao PEP',
  },
  fr: {
    portal: 'Portail patient · soignants',
    heading: 'Recommandations du hub teleECHO',
    intro:
      'Vos cas présentés et les recommandations écrites de l’équipe du hub. Les nouvelles et les modifiées apparaissent ici sans recharger ; accusez-en réception, répondez, imprimez-les ou copiez-en une dans le dossier.',
    chart: 'Ce que « Copier dans le dossier » transmet au DPI',
  },
  ar: {
    portal: 'بوابة المرضى · للأطباء',
    heading: 'توصيات مركز teleECHO',
    intro:
      'حالاتك المعروضة والتوصيات المكتوبة من فريق المركز. تظهر الجديدة والمعدّلة هنا دون إعادة تحميل؛ أكّد استلامها، أو ردّ عليها، أو اطبعها، أو انسخ إحداها إلى الملف الطبي.',
    chart: 'ما يسلّمه «نسخ إلى الملف الطبي» إلى نظام السجل الصحي الإلكتروني',
  },
  hi: {
    portal: 'रोगी पोर्टल · चिकित्सक',
    heading: 'teleECHO हब की सिफ़ारिशें',
    intro:
      'आपके प्रस्तुत केस और हब टीम की लिखित सिफ़ारिशें। नई और संशोधित सिफ़ारिशें बिना रीलोड किए यहाँ दिखती हैं; उनकी प्राप्ति स्वीकार करें, उत्तर दें, प्रिंट करें, या किसी को चार्ट में कॉपी करें।',
    chart: '“चार्ट में कॉपी करें” EHR को क्या सौंपता है',
  },
  ru: {
    portal: 'Портал пациента · для врачей',
    heading: 'Рекомендации хаба teleECHO',
    intro:
      'Ваши представленные случаи и письменные рекомендации команды хаба. Новые и изменённые появляются здесь без перезагрузки; подтвердите получение, ответьте, распечатайте или скопируйте рекомендацию в медкарту.',
    chart: 'Что «Скопировать в медкарту» передаёт в МИС',
  },
  sw: {
    portal: 'Tovuti ya wagonjwa · wahudumu wa afya',
    heading: 'Mapendekezo kutoka hub ya teleECHO',
    intro:
      'Kesi ulizowasilisha na mapendekezo yaliyoandikwa na timu ya hub. Mapya na yaliyorekebishwa yanaonekana hapa bila kupakia upya; thibitisha kupokea, jibu, chapisha, au nakili moja kwenye faili la mgonjwa.',
    chart: 'Kile “Nakili kwenye faili la mgonjwa” inachokabidhi kwa EHR',
  },
  vi: {
    portal: 'Cổng bệnh nhân · nhân viên y tế',
    heading: 'Khuyến nghị từ hub teleECHO',
    intro:
      'Các ca bệnh bạn đã trình bày và khuyến nghị bằng văn bản của nhóm hub. Khuyến nghị mới và đã sửa đổi hiện ở đây mà không cần tải lại; hãy xác nhận, trả lời, in, hoặc sao chép vào bệnh án.',
    chart: 'Những gì “Sao chép vào bệnh án” chuyển cho EHR',
  },
};
fillLanguagePicker(lang);

async function config() {
  const res = await fetch('/config.json?role=presenter', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return res.json();
}

const { hubUrl, token } = await config();
viewer.setAttribute('hub-url', hubUrl);
viewer.getToken = async () => (await config()).token; // called again before the token expires
viewer.token = token;

lang.addEventListener('change', () => {
  translateChrome(lang.value, TEXTS); // the page's words, <html lang> and <html dir>: the element follows
});
viewer.addEventListener('echo-copy-to-chart', (event) => {
  communication.textContent = JSON.stringify(event.detail.communication, null, 2);
  status.textContent = `Recommendation ${event.detail.recommendation.number} ready to file in the chart.`;
});
viewer.addEventListener('echo-recommendation-acknowledged', (event) => {
  status.textContent = `Acknowledged recommendation ${event.detail.recommendation.number}.`;
});
viewer.addEventListener('echo-error', (event) => {
  status.textContent = `Problem: ${event.detail.error.code}`;
});
