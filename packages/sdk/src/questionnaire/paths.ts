/**
 * Item paths (`meds[1]/dose`), item lookup and the walk over a Questionnaire and its response.
 * @packageDocumentation
 */
import type {
  ItemPath,
  PathSegment,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from './types.js';

const escapeId = (id: string) => id.replace(/[%/[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const unescapeId = (id: string) =>
  id.replace(/%([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * The string form of a path: linkIds joined by `/`, a repeat index in brackets when it is not 0
 * (`meds[1]/dose`, `patient/age`). `/`, `[`, `]` and `%` inside a linkId are percent-encoded.
 */
export function pathKey(path: ItemPath): string {
  return path.map((s) => escapeId(s.linkId) + (s.index ? `[${s.index}]` : '')).join('/');
}

/** Reads a {@link pathKey} string back into segments. */
export function parsePath(key: string): PathSegment[] {
  if (!key) return [];
  return key.split('/').map((part) => {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    return m ? { linkId: unescapeId(m[1]!), index: Number(m[2]) } : { linkId: unescapeId(part) };
  });
}

/** `url|version` of a Questionnaire (`url` alone without a version; `''` without a url). */
export function canonicalOf(questionnaire: Questionnaire): string {
  if (!questionnaire.url) return '';
  return questionnaire.version ? `${questionnaire.url}|${questionnaire.version}` : questionnaire.url;
}

/** The Questionnaire item at a path, or — given a linkId string — anywhere in the tree. */
export function findItem(questionnaire: Questionnaire, path: ItemPath | string): QuestionnaireItem | undefined {
  if (typeof path === 'string') {
    const search = (items: QuestionnaireItem[] | undefined): QuestionnaireItem | undefined => {
      for (const item of items ?? []) {
        if (item.linkId === path) return item;
        const found = search(item.item);
        if (found) return found;
      }
      return undefined;
    };
    return search(questionnaire.item);
  }
  let items = questionnaire.item;
  let item: QuestionnaireItem | undefined;
  for (const segment of path) {
    item = items?.find((i) => i.linkId === segment.linkId);
    if (!item) return undefined;
    items = item.item;
  }
  return item;
}

/** The instances of `linkId` among response items, in order. */
export function instancesIn(
  items: QuestionnaireResponseItem[] | undefined,
  linkId: string,
): QuestionnaireResponseItem[] {
  return (items ?? []).filter((i) => i && i.linkId === linkId);
}

/** One step of {@link walkItems}. */
export interface ItemVisit {
  item: QuestionnaireItem;
  path: ItemPath;
  /** {@link pathKey} of `path`. */
  key: string;
  /** The response item at this path, when the response has one. */
  responseItem: QuestionnaireResponseItem | undefined;
  /** Path of the enclosing group instance (`[]` at the top level). */
  parent: ItemPath;
}

/**
 * Visits every item of the Questionnaire in document order, once per instance of each repeating group present in the
 * response (a repeating group with no instance is visited itself, its children are not). Non-repeating groups absent
 * from the response are still walked (their children have no `responseItem`). Return `false` from `visit` to skip an
 * item's children.
 */
export function walkItems(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse | undefined,
  visit: (v: ItemVisit) => boolean | void,
): void {
  const walk = (
    items: QuestionnaireItem[] | undefined,
    rItems: QuestionnaireResponseItem[] | undefined,
    parent: ItemPath,
  ) => {
    for (const item of items ?? []) {
      const found = instancesIn(rItems, item.linkId);
      const repeatingGroup = item.type === 'group' && item.repeats === true;
      const count = repeatingGroup ? Math.max(found.length, 0) : 1;
      if (repeatingGroup && count === 0) {
        const path = [...parent, { linkId: item.linkId }];
        visit({ item, path, key: pathKey(path), responseItem: undefined, parent });
        continue;
      }
      for (let index = 0; index < count; index++) {
        const segment: PathSegment =
          repeatingGroup && index > 0 ? { linkId: item.linkId, index } : { linkId: item.linkId };
        const path = [...parent, segment];
        const responseItem = found[index];
        const descend = visit({ item, path, key: pathKey(path), responseItem, parent });
        if (descend !== false && item.item?.length) walk(item.item, responseItem?.item, path);
      }
    }
  };
  walk(questionnaire.item, response?.item, []);
}
