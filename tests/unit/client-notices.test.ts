import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COALESCE_MS, installNoticeHandler, OrphanedTextInbox } from '../../client/collab/notices.ts';
import { NOTICE_MESSAGE_TYPE, type Notice } from '../../shared/protocol/notices.ts';

/** The socket y-websocket opens, replaced by one that records what is sent and lets the test deliver frames. */
class FakeSocket {
  static last: FakeSocket | null = null;
  binaryType = '';
  readonly readyState = 1;
  readonly OPEN = 1;
  readonly sent: Uint8Array[] = [];
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onopen: (() => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {}
  /** Delivers a frame as the browser would (an ArrayBuffer). */
  deliver(frame: Uint8Array): void {
    this.onmessage?.({ data: frame.slice().buffer });
  }
}

function connectedProvider(): { provider: WebsocketProvider; socket: FakeSocket } {
  const provider = new WebsocketProvider('ws://127.0.0.1:9', 'collab/cdmx', new Y.Doc(), {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
  });
  provider.connect();
  const socket = FakeSocket.last;
  if (!socket) throw new Error('the provider opened no socket');
  return { provider, socket };
}

/** A frame as the server writes it: varUint(type), then varString(JSON). */
function noticeFrame(payload: string, type = NOTICE_MESSAGE_TYPE): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarString(encoder, payload);
  return encoding.toUint8Array(encoder);
}

describe('notices from the server', () => {
  it('reaches the page through the provider’s own message path, and nothing is sent back', () => {
    const { provider, socket } = connectedProvider();
    const received: Notice[] = [];
    installNoticeHandler(provider, (notice) => received.push(notice));
    const notice = { kind: 'orphaned-text', items: [{ uid: 'abcdefgh1234', text: 'texto de Ana' }, { uid: null, text: 'sin lugar' }] };
    socket.deliver(noticeFrame(JSON.stringify(notice)));
    expect(received).toEqual([notice]);
    expect(socket.sent).toHaveLength(0);
    provider.destroy();
  });

  it('ignores what it cannot read, without throwing out of the socket handler', () => {
    const { provider, socket } = connectedProvider();
    const received: Notice[] = [];
    const unreadable: string[] = [];
    installNoticeHandler(provider, (notice) => received.push(notice), (reason) => unreadable.push(reason));
    socket.deliver(noticeFrame('not json'));
    socket.deliver(noticeFrame(JSON.stringify({ kind: 'something-else', items: [] })));
    // A truncated frame: the string claims more bytes than there are.
    const truncated = noticeFrame(JSON.stringify({ kind: 'orphaned-text', items: [] })).slice(0, 5);
    expect(() => socket.deliver(truncated)).not.toThrow();
    expect(received).toEqual([]);
    expect(unreadable).toHaveLength(3);
    provider.destroy();
  });

  it('passes on that the links changed, which leaves the inbox of orphaned text alone', () => {
    const { provider, socket } = connectedProvider();
    const received: Notice[] = [];
    const inbox = new OrphanedTextInbox();
    installNoticeHandler(provider, (notice) => {
      inbox.receive(notice);
      received.push(notice);
    });
    // Fields a later server might add are not this client's business.
    socket.deliver(noticeFrame(JSON.stringify({ kind: 'links-changed', extra: 1 })));
    expect(received).toEqual([{ kind: 'links-changed' }]);
    expect(inbox.current).toEqual([]);
    provider.destroy();
  });

  it('keeps only well-formed items (parseNotice), and can be removed again', () => {
    const { provider, socket } = connectedProvider();
    const received: Notice[] = [];
    const remove = installNoticeHandler(provider, (notice) => received.push(notice));
    socket.deliver(noticeFrame(JSON.stringify({ kind: 'orphaned-text', items: [{ uid: 7, text: 'x' }, { uid: 'abcdefgh1234', text: 'bien' }, 'basura'] })));
    expect(received).toEqual([{ kind: 'orphaned-text', items: [{ uid: 'abcdefgh1234', text: 'bien' }] }]);
    remove();
    expect(provider.messageHandlers[NOTICE_MESSAGE_TYPE]).toBeUndefined();
    provider.destroy();
  });
});

describe('the inbox of text that could not be placed', () => {
  const notice = (...items: Array<{ uid: string | null; text: string }>): Notice => ({ kind: 'orphaned-text', items });

  it('keeps every item until the person dismisses it, and tells listeners what was added', () => {
    const inbox = new OrphanedTextInbox();
    const calls: Array<{ count: number; added: string[] }> = [];
    inbox.subscribe((items, added) => calls.push({ count: items.length, added: added.map((item) => item.text) }));

    inbox.receive(notice({ uid: 'abcdefgh1234', text: 'uno' }, { uid: null, text: 'dos' }));
    inbox.receive(notice({ uid: 'zzzzzzzzzzzz', text: 'tres' }));
    expect(inbox.current.map((item) => item.text)).toEqual(['uno', 'dos', 'tres']);
    expect(new Set(inbox.current.map((item) => item.id)).size).toBe(3);
    expect(calls).toEqual([
      { count: 2, added: ['uno', 'dos'] },
      { count: 3, added: ['tres'] },
    ]);

    inbox.dismiss([inbox.current[1]!.id]);
    expect(inbox.current.map((item) => item.text)).toEqual(['uno', 'tres']);
    inbox.dismiss();
    expect(inbox.current).toEqual([]);
    expect(calls.at(-1)).toEqual({ count: 0, added: [] });
  });

  it('joins pieces for the same block that arrive within 5 seconds of each other into one entry', () => {
    let now = 1_000_000;
    const inbox = new OrphanedTextInbox(() => now);
    const calls: Array<{ count: number; added: string[] }> = [];
    inbox.subscribe((items, added) => calls.push({ count: items.length, added: added.map((item) => item.text) }));

    // "Fede", "r", "a", " ", "dijo" typed into a block someone moved: one update per keystroke or two.
    inbox.receive(notice({ uid: 'abcdefgh1234', text: 'Fede' }));
    for (const text of ['r', 'a', ' ', 'dijo']) {
      now += COALESCE_MS - 1;
      inbox.receive(notice({ uid: 'abcdefgh1234', text }));
    }
    expect(inbox.current.map((item) => item.text)).toEqual(['Federa dijo']);
    // Joining changes the entry and adds none: the listener hears of it with nothing added.
    expect(calls.map((call) => call.added)).toEqual([['Fede'], [], [], [], []]);

    // Another block's piece, and a piece without a block, are separate entries even at the same moment.
    inbox.receive(notice({ uid: 'zzzzzzzzzzzz', text: 'otro' }, { uid: null, text: 'sin lugar' }, { uid: null, text: 'tampoco' }));
    expect(inbox.current.map((item) => item.text)).toEqual(['Federa dijo', 'otro', 'sin lugar', 'tampoco']);

    // After a longer pause the same block's text starts a new entry.
    now += COALESCE_MS + 1;
    inbox.receive(notice({ uid: 'abcdefgh1234', text: 'después' }));
    expect(inbox.current.map((item) => item.text)).toEqual(['Federa dijo', 'otro', 'sin lugar', 'tampoco', 'después']);
  });

  it('lists other people’s text removed by an undo apart, with their name, and never joins it with own text', () => {
    const inbox = new OrphanedTextInbox(() => 0);
    inbox.addRemoved([{ uid: 'abcdefgh1234', text: 'texto de Beto', author: 'Beto' }, { uid: 'abcdefgh1234', text: '  ', author: 'Beto' }]);
    inbox.receive(notice({ uid: 'abcdefgh1234', text: 'mío' }));
    expect(inbox.current.map((item) => [item.text, item.author])).toEqual([
      ['texto de Beto', 'Beto'],
      ['mío', null],
    ]);
  });

  it('does not bother the person with whitespace or empty notices', () => {
    const inbox = new OrphanedTextInbox();
    let calls = 0;
    inbox.subscribe(() => calls++);
    expect(inbox.receive(notice({ uid: null, text: '  \n ' }))).toEqual([]);
    expect(inbox.receive(notice())).toEqual([]);
    expect(calls).toBe(0);
  });
});
