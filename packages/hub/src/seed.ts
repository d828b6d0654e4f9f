import type { Session } from '@teleecho/sdk';
import { newId } from './domain/ids.js';
import { insertProgramWithDefaults } from './domain/programs.js';
import { CASE_TEMPLATES } from './domain/templates/index.js';
import type { Storage, StorageWriter } from './storage/storage.js';

/** Ids of the demo programme made by {@link seedDemo}. */
export interface DemoData {
  programId: string;
  /** The general clinical case template. */
  templateId: string;
  /** The hepatitis C case template. */
  hcvTemplateId: string;
  /**
   * Every shipped case template by short name (`hcv`, `hiv`, `dr-tb`, `t2d`, `palliative`, `qi`; see
   * `domain/templates/index.ts`).
   */
  caseTemplateIds?: Readonly<Record<string, string>>;
  /** The scheduled sessions, soonest first (the first one recurs weekly). */
  sessionIds: string[];
  /**
   * The drop-in session that is open now (see {@link DROP_IN_SESSION}), when {@link SeedOptions.dropIn} asked for
   * it.
   */
  dropInSessionId?: string;
  /** False when the demo already existed and nothing was created. */
  created: boolean;
}

/** Name of the demo programme. */
export const DEMO_PROGRAM_NAME = 'HCV ECHO';

/**
 * The demo's drop-in session: open now, so video works on the first `npm start` without waiting for a scheduled
 * session's hour. It starts {@link DROP_IN_SESSION.startedAgoMinutes} minutes before the seed runs and lasts
 * {@link DROP_IN_SESSION.durationMinutes}; a later seed moves it forward once it has ended, was cancelled or has less
 * than {@link DROP_IN_SESSION.renewWithinMinutes} left.
 */
export const DROP_IN_SESSION = {
  title: 'HCV ECHO drop-in consults',
  topic: 'Open room: bring a case or a question to the hub team',
  startedAgoMinutes: 5,
  durationMinutes: 240,
  renewWithinMinutes: 60,
} as const;

/** Options of {@link seedDemo}. */
export interface SeedOptions {
  /** Also make sure the drop-in session is open now (`teleecho seed-demo` does; `npm start` runs it each start). */
  dropIn?: boolean;
  /** The current time (tests). */
  now?: Date;
}

/** Next given weekday (0 = Sunday) at hh:00 UTC, at least a day from now. */
function nextWeekday(weekday: number, hour: number, weeksLater = 0): string {
  const date = new Date();
  date.setUTCHours(hour, 0, 0, 0);
  date.setUTCDate(date.getUTCDate() + 1);
  while (date.getUTCDay() !== weekday) date.setUTCDate(date.getUTCDate() + 1);
  date.setUTCDate(date.getUTCDate() + 7 * weeksLater);
  return date.toISOString();
}

/**
 * Makes sure the programme's drop-in session ({@link DROP_IN_SESSION}) is open at `now`: creates it, or moves an
 * ended, cancelled or nearly over one forward (a live one is left alone); emits `session.updated` when it changes it.
 * Returns its id.
 */
async function ensureDropIn(tx: StorageWriter, programId: string, sessions: Session[], now: Date): Promise<string> {
  const startsAt = new Date(now.getTime() - DROP_IN_SESSION.startedAgoMinutes * 60_000);
  startsAt.setUTCSeconds(0, 0);
  const existing = sessions.find((s) => s.title === DROP_IN_SESSION.title);
  const stamp = now.toISOString();
  if (existing) {
    const endsAt = Date.parse(existing.startsAt) + existing.durationMinutes * 60_000;
    const over = existing.status === 'ended' || existing.status === 'cancelled';
    const nearlyOver =
      existing.status !== 'live' && endsAt - now.getTime() < DROP_IN_SESSION.renewWithinMinutes * 60_000;
    const notYet = existing.status === 'scheduled' && Date.parse(existing.startsAt) > now.getTime();
    if (!over && !nearlyOver && !notYet) return existing.id;
    const { openedAt: _openedAt, openedBy: _openedBy, ...rest } = existing;
    const moved: Session = {
      ...rest,
      startsAt: startsAt.toISOString(),
      durationMinutes: DROP_IN_SESSION.durationMinutes,
      status: 'scheduled',
      updatedAt: stamp,
    };
    await tx.sessions.update(moved);
    tx.emit({ type: 'session.updated', programId, sessionId: moved.id, data: moved });
    return moved.id;
  }
  const session: Session = {
    id: newId('ses'),
    programId,
    title: DROP_IN_SESSION.title,
    topic: DROP_IN_SESSION.topic,
    startsAt: startsAt.toISOString(),
    durationMinutes: DROP_IN_SESSION.durationMinutes,
    status: 'scheduled',
    createdAt: stamp,
    updatedAt: stamp,
  };
  await tx.sessions.insert(session);
  tx.emit({ type: 'session.updated', programId, sessionId: session.id, data: session });
  return session.id;
}

/**
 * Creates the demo programme "HCV ECHO" with the general template, the six shipped case templates and two scheduled
 * sessions; running it again changes nothing. With `dropIn`, it also makes sure a drop-in session is open now
 * (created, or moved forward once over).
 */
export async function seedDemo(storage: Storage, options: SeedOptions = {}): Promise<DemoData> {
  const clock = options.now ?? new Date();
  return storage.write(async (tx) => {
    const existing = await tx.programs.findByName(DEMO_PROGRAM_NAME);
    if (existing) {
      const templates = await tx.templates.list(existing.id);
      const all = (await tx.sessions.list({ programId: existing.id }, { limit: 100 })).items;
      const scheduled = all.filter((s) => s.title !== DROP_IN_SESSION.title);
      const caseTemplateIds: Record<string, string> = {};
      for (const [key, make] of Object.entries(CASE_TEMPLATES)) {
        const url = make().url;
        const found = templates.find((t) => t.questionnaire.url === url);
        if (found) caseTemplateIds[key] = found.id;
      }
      return {
        programId: existing.id,
        templateId: templates.find((t) => t.questionnaire.name === 'GeneralClinicalCase')?.id ?? templates[0]!.id,
        hcvTemplateId: caseTemplateIds.hcv ?? templates[0]!.id,
        caseTemplateIds,
        sessionIds: scheduled.map((s) => s.id),
        ...(options.dropIn && { dropInSessionId: await ensureDropIn(tx, existing.id, all, clock) }),
        created: false,
      };
    }
    const program = await insertProgramWithDefaults(tx, {
      name: DEMO_PROGRAM_NAME,
      specialty: 'hepatology',
      language: 'en',
      creditRule: { creditsPerSession: 1, minimumShare: 0.75, creditType: 'AMA PRA Category 1 Credit™' },
    });
    const templateId = (await tx.templates.list(program.id))[0]!.id;
    const now = new Date().toISOString();
    const caseTemplateIds: Record<string, string> = {};
    for (const [key, make] of Object.entries(CASE_TEMPLATES)) {
      const questionnaire = make();
      caseTemplateIds[key] = newId('tpl');
      await tx.templates.insert({
        id: caseTemplateIds[key],
        programId: program.id,
        title: String(questionnaire.title),
        version: 1,
        questionnaire,
        createdAt: now,
        updatedAt: now,
      });
    }
    const sessions: Session[] = [
      {
        id: newId('ses'),
        programId: program.id,
        title: 'HCV ECHO weekly clinic',
        topic: 'Direct-acting antivirals: choosing a regimen',
        startsAt: nextWeekday(4, 16),
        durationMinutes: 60,
        recurrence: 'FREQ=WEEKLY;BYDAY=TH;COUNT=12',
        status: 'scheduled',
        createdAt: now,
        updatedAt: now,
      },
      {
        id: newId('ses'),
        programId: program.id,
        title: 'HCV ECHO special session',
        topic: 'HCV in pregnancy and children',
        startsAt: nextWeekday(2, 15, 1),
        durationMinutes: 90,
        status: 'scheduled',
        createdAt: now,
        updatedAt: now,
      },
    ];
    sessions.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    for (const session of sessions) {
      await tx.sessions.insert(session);
      tx.emit({ type: 'session.updated', programId: program.id, sessionId: session.id, data: session });
    }
    return {
      programId: program.id,
      templateId,
      hcvTemplateId: caseTemplateIds.hcv!,
      caseTemplateIds,
      sessionIds: sessions.map((s) => s.id),
      ...(options.dropIn && { dropInSessionId: await ensureDropIn(tx, program.id, [], clock) }),
      created: true,
    };
  });
}
