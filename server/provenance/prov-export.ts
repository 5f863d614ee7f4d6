/**
 * The provenance of a document as W3C PROV-JSON (https://www.w3.org/submissions/prov-json/):
 * - each article is an entity (`art:`), and the article as it stood when a link was made is a more
 *   specific entity (`state:` + link id, specializationOf the article) carrying the quoted passage;
 * - each source is an entity (`src:`); each person who linked or retired is an agent (`user:`);
 * - making a link is an activity (`link:`) that used the source and generated the article state,
 *   associated with its author; the state wasDerivedFrom the source (via that activity) and
 *   wasAttributedTo the author; retiring a link is an activity that invalidated that state.
 */
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { Source } from '../../shared/provenance/source-types.ts';
import type { ArticleInfo } from './live-provenance-view.ts';

type Literal = string | number | boolean;
type Record_ = Record<string, Literal>;

export interface ProvDocument {
  prefix: Record<string, string>;
  entity: Record<string, Record_>;
  agent: Record<string, Record_>;
  activity: Record<string, Record_>;
  used: Record<string, Record_>;
  wasGeneratedBy: Record<string, Record_>;
  wasDerivedFrom: Record<string, Record_>;
  wasAttributedTo: Record<string, Record_>;
  wasAssociatedWith: Record<string, Record_>;
  specializationOf: Record<string, Record_>;
  wasInvalidatedBy: Record<string, Record_>;
}

const NS = 'https://carta.example/prov/';

/** Ids become the local part of qualified names; percent-encoding keeps any id a valid one. */
const q = (prefix: string, id: string): string => `${prefix}:${encodeURIComponent(id)}`;
const time = (ms: number): string => new Date(ms).toISOString();

const SOURCE_TYPES: Record<Source['kind'], string> = {
  petition: 'carta:Petition',
  survey_theme: 'carta:SurveyTheme',
  meeting: 'carta:Meeting',
  proposal: 'carta:Proposal',
  other: 'carta:OtherSource',
};

export function provDocument(docId: string, articles: readonly ArticleInfo[], links: readonly ResolvedLink[], sources: ReadonlyMap<string, Source>): ProvDocument {
  const prov: ProvDocument = {
    prefix: {
      carta: NS,
      art: `${NS}article/${encodeURIComponent(docId)}/`,
      state: `${NS}article-state/`,
      src: `${NS}source/`,
      user: `${NS}user/`,
      link: `${NS}link/`,
      retire: `${NS}retirement/`,
    },
    entity: {},
    agent: {},
    activity: {},
    used: {},
    wasGeneratedBy: {},
    wasDerivedFrom: {},
    wasAttributedTo: {},
    wasAssociatedWith: {},
    specializationOf: {},
    wasInvalidatedBy: {},
  };
  const known = new Map(articles.map((a) => [a.uid, a]));
  const addArticle = (uid: string): string => {
    const id = q('art', uid);
    const info = known.get(uid);
    prov.entity[id] ??= info
      ? { 'prov:type': 'carta:Article', 'prov:label': `Artículo ${info.num}`, 'carta:uid': uid, 'carta:eId': info.eId, 'carta:heading': info.heading }
      : { 'prov:type': 'carta:Article', 'prov:label': 'Artículo eliminado', 'carta:uid': uid };
    return id;
  };
  for (const article of articles) addArticle(article.uid);
  const addAgent = (who: { id: string; name: string }): string => {
    const id = q('user', who.id);
    prov.agent[id] ??= { 'prov:type': 'prov:Person', 'prov:label': who.name };
    return id;
  };

  let n = 0;
  const relationId = (): string => `_:r${++n}`;
  for (const link of links) {
    const source = sources.get(link.sourceId);
    const sourceId = q('src', link.sourceId);
    prov.entity[sourceId] ??= source
      ? {
          'prov:type': SOURCE_TYPES[source.kind],
          'prov:label': source.title,
          'carta:externalRef': source.externalRef,
          'carta:sample': source.sample,
          ...(source.kind === 'petition' ? { 'carta:signatures': source.details.signatures } : {}),
          ...(source.url ? { 'prov:location': source.url } : {}),
        }
      : { 'prov:type': 'carta:Source', 'prov:label': link.sourceId };
    const articleId = addArticle(link.articleUid);
    const stateId = q('state', link.id);
    const activityId = q('link', link.id);
    const author = addAgent(link.createdBy);
    prov.entity[stateId] = {
      'prov:type': 'carta:ArticleState',
      'prov:label': link.anchor ? link.anchor.quote.slice(0, 200) : `Artículo ${link.article?.num ?? link.articleUid}`,
      ...(link.anchor ? { 'carta:quote': link.anchor.quote } : {}),
      'carta:status': link.status,
    };
    prov.activity[activityId] = {
      'prov:type': 'carta:Linking',
      'prov:startTime': time(link.createdAt),
      'carta:relation': link.relation,
      'carta:rationale': link.rationale,
      ...(link.replaces ? { 'carta:replaces': q('link', link.replaces) } : {}),
    };
    prov.used[relationId()] = { 'prov:activity': activityId, 'prov:entity': sourceId, 'prov:time': time(link.createdAt) };
    prov.wasGeneratedBy[relationId()] = { 'prov:entity': stateId, 'prov:activity': activityId, 'prov:time': time(link.createdAt) };
    prov.wasDerivedFrom[relationId()] = { 'prov:generatedEntity': stateId, 'prov:usedEntity': sourceId, 'prov:activity': activityId, 'carta:relation': link.relation };
    prov.wasAttributedTo[relationId()] = { 'prov:entity': stateId, 'prov:agent': author };
    prov.wasAssociatedWith[relationId()] = { 'prov:activity': activityId, 'prov:agent': author };
    prov.specializationOf[relationId()] = { 'prov:specificEntity': stateId, 'prov:generalEntity': articleId };
    if (link.retired) {
      const retireId = q('retire', link.id);
      prov.activity[retireId] = { 'prov:type': 'carta:Retirement', 'prov:startTime': time(link.retired.at), 'carta:reason': link.retired.reason };
      prov.wasAssociatedWith[relationId()] = { 'prov:activity': retireId, 'prov:agent': addAgent(link.retired.by) };
      prov.wasInvalidatedBy[relationId()] = { 'prov:entity': stateId, 'prov:activity': retireId, 'prov:time': time(link.retired.at) };
    }
  }
  return prov;
}
