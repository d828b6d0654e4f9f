import type { Session } from '@teleecho/sdk';
import { newId } from './domain/ids.js';
import { insertProgramWithDefaults } from './domain/programs.js';
import { CASE_TEMPLATES } from './domain/templates/index.js';
import type { Storage } from './storage/storage.js';

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
  /** Upcoming sessions, soonest first (the first one recurs weekly). */
  sessionIds: string[];
  /** False when the demo already existed and nothing was created. */
  created: boolean;
}

/** Name of the demo programme. */
export const DEMO_PROGRAM_NAME = 'HCV ECHO';

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
 * Creates the demo programme "HCV ECHO" with the general template, the six shipped case templates and sessions;
 * running it again changes nothing.
 */
export async function seedDemo(storage: Storage): Promise<DemoData> {
  return storage.write(async (tx) => {
    const existing = await tx.findProgramByName(DEMO_PROGRAM_NAME);
    if (existing) {
      const templates = await tx.listTemplates(existing.id);
      const sessions = await tx.listSessions({ programId: existing.id }, { limit: 100 });
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
        sessionIds: sessions.items.map((s) => s.id),
        created: false,
      };
    }
    const program = await insertProgramWithDefaults(tx, {
      name: DEMO_PROGRAM_NAME,
      specialty: 'hepatology',
      language: 'en',
      creditRule: { creditsPerSession: 1, minimumShare: 0.75, creditType: 'AMA PRA Category 1 Credit™' },
    });
    const templateId = (await tx.listTemplates(program.id))[0]!.id;
    const now = new Date().toISOString();
    const caseTemplateIds: Record<string, string> = {};
    for (const [key, make] of Object.entries(CASE_TEMPLATES)) {
      const questionnaire = make();
      caseTemplateIds[key] = newId('tpl');
      await tx.insertTemplate({
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
      await tx.insertSession(session);
      tx.emit({ type: 'session.updated', programId: program.id, sessionId: session.id, data: session });
    }
    return {
      programId: program.id,
      templateId,
      hcvTemplateId: caseTemplateIds.hcv!,
      caseTemplateIds,
      sessionIds: sessions.map((s) => s.id),
      created: true,
    };
  });
}
