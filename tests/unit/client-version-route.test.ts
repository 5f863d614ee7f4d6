import { describe, expect, it } from 'vitest';
import { historyDocumentFromPath, versionRouteFromPath } from '../../client/session/document-route.ts';

describe('the version reader route', () => {
  it('names a document and a log position under /d/<id>/history/<seq>', () => {
    expect(versionRouteFromPath('/d/cdmx/history/42')).toEqual({ docId: 'cdmx', seq: 42 });
    expect(versionRouteFromPath('/d/borrador-2/history/1/')).toEqual({ docId: 'borrador-2', seq: 1 });
  });

  it('keeps the document of an address whose position is not a whole number from 1, so the page can say the version does not exist', () => {
    for (const seq of ['0', '-1', '1.5', 'abc', '01', '99999999999999999']) expect(versionRouteFromPath(`/d/cdmx/history/${seq}`)).toEqual({ docId: 'cdmx', seq: null });
  });

  it('is not the history page itself, the editor or a document that cannot exist', () => {
    expect(versionRouteFromPath('/d/cdmx/history')).toBeNull();
    expect(versionRouteFromPath('/d/cdmx')).toBeNull();
    expect(versionRouteFromPath('/d/Not_Valid/history/3')).toBeNull();
    expect(versionRouteFromPath('/d/cdmx/history/3/more')).toBeNull();
    expect(historyDocumentFromPath('/d/cdmx/history/3')).toBeNull();
  });
});
