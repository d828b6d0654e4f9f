/**
 * Texts of the tool's own pages (session page header, error pages, the Deep Linking picker, registration) in the
 * languages of the elements (en, es, pt, fr, ar, hi, ru, sw, vi; Arabic right to left). The language comes from the
 * launch (`launch_presentation.locale`) or the browser's `Accept-Language`.
 * @packageDocumentation
 */

/** Texts of the LTI pages. */
export interface LtiTexts {
  signedInAs: string;
  roles: { facilitator: string; participant: string; observer: string };
  errorTitle: string;
  errorHint: string;
  errorCode: string;
  pickerTitle: string;
  pickerIntro: string;
  upcoming: string;
  series: string;
  wholeSeries: (title: string) => string;
  noSessions: string;
  add: string;
  cancel: string;
  returning: string;
  continue: string;
  checking: string;
  checkFailed: string;
  registered: (name: string) => string;
  registeredHint: string;
  /** After dynamic registration: the LMS may hold the tool as pending until an administrator activates it. */
  activateHint: string;
  /** After dynamic registration, when the platform's answer named no granted scopes. */
  scopesUnknown: (name: string) => string;
  /** On the `lti_tool_pending` page: what the LMS administrator must do. */
  pendingHint: string;
}

const en: LtiTexts = {
  signedInAs: 'Signed in as',
  roles: { facilitator: 'Facilitator', participant: 'Participant', observer: 'Observer' },
  errorTitle: 'This teleECHO activity could not open',
  errorHint:
    'Go back to your course and open the activity again. If it keeps happening, tell your course administrator.',
  errorCode: 'Error code',
  pickerTitle: 'Add a teleECHO session',
  pickerIntro: 'Choose one session, or a whole recurring series, to add to the course as an activity.',
  upcoming: 'Upcoming sessions',
  series: 'Recurring series',
  wholeSeries: (title) => `Every session of “${title}”`,
  noSessions: 'This programme has no upcoming sessions yet.',
  add: 'Add to course',
  cancel: 'Cancel',
  returning: 'Returning to your course…',
  continue: 'Continue',
  checking: 'Checking your sign-in…',
  checkFailed: 'Your sign-in could not be confirmed. Open the activity again from the course.',
  registered: (name) => `teleECHO is now registered with ${name}.`,
  registeredHint: 'You can close this window. The tool appears in the site’s list of external tools.',
  activateHint:
    'In Moodle the new tool waits as “pending”: under Site administration → Plugins → Activity modules → External tool → Manage tools, press Activate on its card, then choose the grade sync mode under Services.',
  scopesUnknown: (name) =>
    `${name} did not say which services it granted. Grade sync uses what each launch allows; check the tool’s Services settings when you activate it.`,
  pendingHint:
    'An administrator of the course site must activate teleECHO first: in Moodle, Site administration → Plugins → Activity modules → External tool → Manage tools, then Activate on the teleECHO card. Then open the activity again.',
};

const es: LtiTexts = {
  signedInAs: 'Sesión iniciada como',
  roles: { facilitator: 'Facilitador', participant: 'Participante', observer: 'Observador' },
  errorTitle: 'No se pudo abrir esta actividad de teleECHO',
  errorHint: 'Vuelva a su curso y abra la actividad de nuevo. Si sigue ocurriendo, avise al administrador del curso.',
  errorCode: 'Código de error',
  pickerTitle: 'Añadir una sesión de teleECHO',
  pickerIntro: 'Elija una sesión, o toda una serie periódica, para añadirla al curso como actividad.',
  upcoming: 'Próximas sesiones',
  series: 'Series periódicas',
  wholeSeries: (title) => `Todas las sesiones de «${title}»`,
  noSessions: 'Este programa todavía no tiene sesiones próximas.',
  add: 'Añadir al curso',
  cancel: 'Cancelar',
  returning: 'Volviendo a su curso…',
  continue: 'Continuar',
  checking: 'Comprobando su inicio de sesión…',
  checkFailed: 'No se pudo confirmar su inicio de sesión. Abra la actividad de nuevo desde el curso.',
  registered: (name) => `teleECHO ya está registrado en ${name}.`,
  registeredHint: 'Puede cerrar esta ventana. La herramienta aparece en la lista de herramientas externas del sitio.',
  activateHint:
    'En Moodle la nueva herramienta queda «pendiente»: en Administración del sitio → Extensiones → Módulos de actividad → Herramienta externa → Gestionar herramientas, pulse Activar en su tarjeta y elija el modo de sincronización de calificaciones en Servicios.',
  scopesUnknown: (name) =>
    `${name} no indicó qué servicios concedió. La sincronización de calificaciones usa lo que permite cada inicio; revise los Servicios de la herramienta al activarla.`,
  pendingHint:
    'Un administrador del sitio del curso debe activar teleECHO primero: en Moodle, Administración del sitio → Extensiones → Módulos de actividad → Herramienta externa → Gestionar herramientas y Activar en la tarjeta de teleECHO. Después abra la actividad de nuevo.',
};

const pt: LtiTexts = {
  signedInAs: 'Conectado como',
  roles: { facilitator: 'Facilitador', participant: 'Participante', observer: 'Observador' },
  errorTitle: 'Não foi possível abrir esta atividade do teleECHO',
  errorHint:
    'Volte ao seu curso e abra a atividade novamente. Se continuar acontecendo, avise o administrador do curso.',
  errorCode: 'Código do erro',
  pickerTitle: 'Adicionar uma sessão do teleECHO',
  pickerIntro: 'Escolha uma sessão, ou uma série recorrente inteira, para adicionar ao curso como atividade.',
  upcoming: 'Próximas sessões',
  series: 'Séries recorrentes',
  wholeSeries: (title) => `Todas as sessões de “${title}”`,
  noSessions: 'Este programa ainda não tem sessões futuras.',
  add: 'Adicionar ao curso',
  cancel: 'Cancelar',
  returning: 'Voltando ao seu curso…',
  continue: 'Continuar',
  checking: 'Verificando seu acesso…',
  checkFailed: 'Não foi possível confirmar seu acesso. Abra a atividade novamente pelo curso.',
  registered: (name) => `O teleECHO agora está registrado em ${name}.`,
  registeredHint: 'Você pode fechar esta janela. A ferramenta aparece na lista de ferramentas externas do site.',
  activateHint:
    'No Moodle a nova ferramenta fica “pendente”: em Administração do site → Plugins → Módulos de atividade → Ferramenta externa → Gerenciar ferramentas, clique em Ativar no cartão dela e escolha o modo de sincronização de notas em Serviços.',
  scopesUnknown: (name) =>
    `${name} não informou quais serviços concedeu. A sincronização de notas usa o que cada acesso permite; confira os Serviços da ferramenta ao ativá-la.`,
  pendingHint:
    'Um administrador do site do curso precisa ativar o teleECHO primeiro: no Moodle, Administração do site → Plugins → Módulos de atividade → Ferramenta externa → Gerenciar ferramentas e Ativar no cartão do teleECHO. Depois abra a atividade novamente.',
};

const fr: LtiTexts = {
  signedInAs: 'Connecté en tant que',
  roles: { facilitator: 'Animateur', participant: 'Participant', observer: 'Observateur' },
  errorTitle: 'Impossible d’ouvrir cette activité teleECHO',
  errorHint:
    'Revenez à votre cours et ouvrez à nouveau l’activité. Si le problème persiste, prévenez l’administrateur du cours.',
  errorCode: 'Code d’erreur',
  pickerTitle: 'Ajouter une séance teleECHO',
  pickerIntro: 'Choisissez une séance, ou toute une série récurrente, à ajouter au cours comme activité.',
  upcoming: 'Prochaines séances',
  series: 'Séries récurrentes',
  wholeSeries: (title) => `Toutes les séances de « ${title} »`,
  noSessions: 'Ce programme n’a pas encore de séance à venir.',
  add: 'Ajouter au cours',
  cancel: 'Annuler',
  returning: 'Retour à votre cours…',
  continue: 'Continuer',
  checking: 'Vérification de votre connexion…',
  checkFailed: 'Votre connexion n’a pas pu être confirmée. Ouvrez à nouveau l’activité depuis le cours.',
  registered: (name) => `teleECHO est maintenant enregistré sur ${name}.`,
  registeredHint: 'Vous pouvez fermer cette fenêtre. L’outil apparaît dans la liste des outils externes du site.',
  activateHint:
    'Dans Moodle le nouvel outil reste « en attente » : dans Administration du site → Plugins → Modules d’activité → Outil externe → Gérer les outils, cliquez sur Activer sur sa carte, puis choisissez le mode de synchronisation des notes sous Services.',
  scopesUnknown: (name) =>
    `${name} n’a pas indiqué quels services il accorde. La synchronisation des notes utilise ce que chaque lancement permet ; vérifiez les Services de l’outil en l’activant.`,
  pendingHint:
    'Un administrateur du site de cours doit d’abord activer teleECHO : dans Moodle, Administration du site → Plugins → Modules d’activité → Outil externe → Gérer les outils, puis Activer sur la carte teleECHO. Ouvrez ensuite l’activité à nouveau.',
};

const ar: LtiTexts = {
  signedInAs: 'مسجّل الدخول باسم',
  roles: { facilitator: 'ميسّر', participant: 'مشارك', observer: 'مراقب' },
  errorTitle: 'تعذّر فتح نشاط teleECHO هذا',
  errorHint: 'عد إلى مقررك وافتح النشاط مجددًا. وإن تكرر ذلك، فأبلغ مسؤول المقرر.',
  errorCode: 'رمز الخطأ',
  pickerTitle: 'إضافة جلسة teleECHO',
  pickerIntro: 'اختر جلسة واحدة، أو سلسلة متكررة كاملة، لإضافتها إلى المقرر كنشاط.',
  upcoming: 'الجلسات القادمة',
  series: 'السلاسل المتكررة',
  wholeSeries: (title) => `كل جلسات «${title}»`,
  noSessions: 'لا توجد جلسات قادمة في هذا البرنامج بعد.',
  add: 'إضافة إلى المقرر',
  cancel: 'إلغاء',
  returning: 'جارٍ العودة إلى مقررك…',
  continue: 'متابعة',
  checking: 'جارٍ التحقق من تسجيل دخولك…',
  checkFailed: 'تعذّر تأكيد تسجيل دخولك. افتح النشاط مجددًا من المقرر.',
  registered: (name) => `سُجّلت teleECHO الآن لدى ${name}.`,
  registeredHint: 'يمكنك إغلاق هذه النافذة. تظهر الأداة في قائمة الأدوات الخارجية للموقع.',
  activateHint:
    'في Moodle تبقى الأداة الجديدة «معلّقة»: من إدارة الموقع ← الإضافات ← وحدات النشاط ← أداة خارجية ← إدارة الأدوات، اضغط «تفعيل» على بطاقتها، ثم اختر وضع مزامنة الدرجات ضمن الخدمات.',
  scopesUnknown: (name) =>
    `لم يذكر ${name} الخدمات التي منحها. تستخدم مزامنة الدرجات ما يسمح به كل تشغيل؛ راجع إعدادات الخدمات للأداة عند تفعيلها.`,
  pendingHint:
    'يجب أن يفعّل مسؤول موقع المقرر teleECHO أولًا: في Moodle، إدارة الموقع ← الإضافات ← وحدات النشاط ← أداة خارجية ← إدارة الأدوات، ثم «تفعيل» على بطاقة teleECHO. بعدها افتح النشاط مجددًا.',
};

const hi: LtiTexts = {
  signedInAs: 'इस नाम से साइन इन',
  roles: { facilitator: 'फ़ैसिलिटेटर', participant: 'प्रतिभागी', observer: 'पर्यवेक्षक' },
  errorTitle: 'यह teleECHO गतिविधि नहीं खुल सकी',
  errorHint: 'अपने कोर्स पर वापस जाएँ और गतिविधि फिर से खोलें। अगर ऐसा होता रहे, तो अपने कोर्स व्यवस्थापक को बताएँ।',
  errorCode: 'त्रुटि कोड',
  pickerTitle: 'teleECHO सत्र जोड़ें',
  pickerIntro: 'कोर्स में गतिविधि के रूप में जोड़ने के लिए एक सत्र, या पूरी आवर्ती शृंखला चुनें।',
  upcoming: 'आगामी सत्र',
  series: 'आवर्ती शृंखलाएँ',
  wholeSeries: (title) => `“${title}” के सभी सत्र`,
  noSessions: 'इस कार्यक्रम में अभी कोई आगामी सत्र नहीं है।',
  add: 'कोर्स में जोड़ें',
  cancel: 'रद्द करें',
  returning: 'आपके कोर्स पर लौट रहे हैं…',
  continue: 'जारी रखें',
  checking: 'आपका साइन-इन जाँचा जा रहा है…',
  checkFailed: 'आपके साइन-इन की पुष्टि नहीं हो सकी। कोर्स से गतिविधि फिर से खोलें।',
  registered: (name) => `teleECHO अब ${name} के साथ पंजीकृत है।`,
  registeredHint: 'आप यह विंडो बंद कर सकते हैं। टूल साइट के बाहरी टूल की सूची में दिखता है।',
  activateHint:
    'Moodle में नया टूल “लंबित” रहता है: Site administration → Plugins → Activity modules → External tool → Manage tools में उसके कार्ड पर Activate दबाएँ, फिर Services में ग्रेड सिंक मोड चुनें।',
  scopesUnknown: (name) =>
    `${name} ने नहीं बताया कि उसने कौन-सी सेवाएँ दीं। ग्रेड सिंक हर लॉन्च में मिली अनुमति का उपयोग करता है; टूल सक्रिय करते समय उसकी Services सेटिंग जाँचें।`,
  pendingHint:
    'कोर्स साइट के किसी व्यवस्थापक को पहले teleECHO सक्रिय करना होगा: Moodle में Site administration → Plugins → Activity modules → External tool → Manage tools, फिर teleECHO कार्ड पर Activate। उसके बाद गतिविधि फिर से खोलें।',
};

const ru: LtiTexts = {
  signedInAs: 'Вы вошли как',
  roles: { facilitator: 'Ведущий', participant: 'Участник', observer: 'Наблюдатель' },
  errorTitle: 'Не удалось открыть это занятие teleECHO',
  errorHint: 'Вернитесь в курс и откройте занятие снова. Если ошибка повторяется, сообщите администратору курса.',
  errorCode: 'Код ошибки',
  pickerTitle: 'Добавить сессию teleECHO',
  pickerIntro: 'Выберите одну сессию или целую повторяющуюся серию, чтобы добавить её в курс как элемент.',
  upcoming: 'Предстоящие сессии',
  series: 'Повторяющиеся серии',
  wholeSeries: (title) => `Все сессии серии «${title}»`,
  noSessions: 'В этой программе пока нет предстоящих сессий.',
  add: 'Добавить в курс',
  cancel: 'Отмена',
  returning: 'Возвращаемся в курс…',
  continue: 'Продолжить',
  checking: 'Проверяем ваш вход…',
  checkFailed: 'Не удалось подтвердить ваш вход. Откройте занятие снова из курса.',
  registered: (name) => `teleECHO зарегистрирован в ${name}.`,
  registeredHint: 'Это окно можно закрыть. Инструмент появится в списке внешних инструментов сайта.',
  activateHint:
    'В Moodle новый инструмент ожидает активации: в разделе Администрирование → Плагины → Элементы курса → Внешний инструмент → Управление инструментами нажмите «Активировать» на его карточке, затем выберите режим синхронизации оценок в разделе «Службы».',
  scopesUnknown: (name) =>
    `${name} не сообщил, какие службы предоставлены. Синхронизация оценок использует то, что разрешает каждый запуск; проверьте настройки служб инструмента при активации.`,
  pendingHint:
    'Сначала администратор сайта курса должен активировать teleECHO: в Moodle — Администрирование → Плагины → Элементы курса → Внешний инструмент → Управление инструментами, затем «Активировать» на карточке teleECHO. После этого откройте занятие снова.',
};

const sw: LtiTexts = {
  signedInAs: 'Umeingia kama',
  roles: { facilitator: 'Mwezeshaji', participant: 'Mshiriki', observer: 'Mtazamaji' },
  errorTitle: 'Shughuli hii ya teleECHO haikuweza kufunguka',
  errorHint: 'Rudi kwenye kozi yako na ufungue shughuli tena. Ikiendelea kutokea, mjulishe msimamizi wa kozi.',
  errorCode: 'Namba ya hitilafu',
  pickerTitle: 'Ongeza kikao cha teleECHO',
  pickerIntro: 'Chagua kikao kimoja, au mfululizo mzima unaojirudia, ili kuongeza kwenye kozi kama shughuli.',
  upcoming: 'Vikao vijavyo',
  series: 'Mfululizo unaojirudia',
  wholeSeries: (title) => `Kila kikao cha “${title}”`,
  noSessions: 'Programu hii bado haina vikao vijavyo.',
  add: 'Ongeza kwenye kozi',
  cancel: 'Ghairi',
  returning: 'Inarudi kwenye kozi yako…',
  continue: 'Endelea',
  checking: 'Inakagua kuingia kwako…',
  checkFailed: 'Kuingia kwako hakukuweza kuthibitishwa. Fungua shughuli tena kutoka kwenye kozi.',
  registered: (name) => `teleECHO sasa imesajiliwa kwenye ${name}.`,
  registeredHint: 'Unaweza kufunga dirisha hili. Zana inaonekana kwenye orodha ya zana za nje za tovuti.',
  activateHint:
    'Katika Moodle zana mpya husubiri ikiwa “inasubiri”: katika Site administration → Plugins → Activity modules → External tool → Manage tools, bonyeza Activate kwenye kadi yake, kisha uchague hali ya kusawazisha alama chini ya Services.',
  scopesUnknown: (name) =>
    `${name} haikusema ni huduma zipi ilizotoa. Kusawazisha alama kunatumia kile kila ufunguaji unachoruhusu; kagua mipangilio ya Services ya zana unapoiwasha.`,
  pendingHint:
    'Msimamizi wa tovuti ya kozi lazima aiwashe teleECHO kwanza: katika Moodle, Site administration → Plugins → Activity modules → External tool → Manage tools, kisha Activate kwenye kadi ya teleECHO. Kisha fungua shughuli tena.',
};

const vi: LtiTexts = {
  signedInAs: 'Đã đăng nhập với tên',
  roles: { facilitator: 'Người điều phối', participant: 'Người tham gia', observer: 'Người quan sát' },
  errorTitle: 'Không thể mở hoạt động teleECHO này',
  errorHint: 'Hãy quay lại khóa học và mở lại hoạt động. Nếu lỗi vẫn xảy ra, hãy báo quản trị viên khóa học.',
  errorCode: 'Mã lỗi',
  pickerTitle: 'Thêm một buổi teleECHO',
  pickerIntro: 'Chọn một buổi, hoặc cả một chuỗi định kỳ, để thêm vào khóa học như một hoạt động.',
  upcoming: 'Các buổi sắp tới',
  series: 'Chuỗi định kỳ',
  wholeSeries: (title) => `Mọi buổi của “${title}”`,
  noSessions: 'Chương trình này chưa có buổi nào sắp tới.',
  add: 'Thêm vào khóa học',
  cancel: 'Hủy',
  returning: 'Đang quay lại khóa học…',
  continue: 'Tiếp tục',
  checking: 'Đang kiểm tra đăng nhập…',
  checkFailed: 'Không thể xác nhận đăng nhập của bạn. Hãy mở lại hoạt động từ khóa học.',
  registered: (name) => `teleECHO đã được đăng ký với ${name}.`,
  registeredHint: 'Bạn có thể đóng cửa sổ này. Công cụ sẽ xuất hiện trong danh sách công cụ bên ngoài của trang.',
  activateHint:
    'Trong Moodle, công cụ mới ở trạng thái “chờ”: tại Quản trị trang → Plugin → Mô-đun hoạt động → Công cụ bên ngoài → Quản lý công cụ, bấm Kích hoạt trên thẻ của nó, rồi chọn chế độ đồng bộ điểm trong mục Dịch vụ.',
  scopesUnknown: (name) =>
    `${name} không cho biết đã cấp những dịch vụ nào. Đồng bộ điểm dùng những gì mỗi lần khởi chạy cho phép; hãy kiểm tra cài đặt Dịch vụ của công cụ khi kích hoạt.`,
  pendingHint:
    'Quản trị viên trang khóa học phải kích hoạt teleECHO trước: trong Moodle, Quản trị trang → Plugin → Mô-đun hoạt động → Công cụ bên ngoài → Quản lý công cụ, rồi Kích hoạt trên thẻ teleECHO. Sau đó mở lại hoạt động.',
};

const TEXTS: Record<string, LtiTexts> = { en, es, pt, fr, ar, hi, ru, sw, vi };

/** Writing direction of a language the pages speak (Arabic is right to left). */
export function dirOf(lang: string): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** The language (one the elements speak) closest to a BCP 47 tag or an Accept-Language header; default English. */
export function pickLanguage(...candidates: (string | undefined)[]): keyof typeof TEXTS {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const part of candidate.split(',')) {
      const base = part.trim().split(/[;_-]/)[0]!.toLowerCase();
      if (base in TEXTS) return base;
    }
  }
  return 'en';
}

/** Texts in `lang` (see {@link pickLanguage}). */
export function textsFor(lang: string): LtiTexts {
  return TEXTS[lang] ?? en;
}
