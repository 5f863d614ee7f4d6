/**
 * The update-checking thread. It owns one shadow document per loaded live document and answers
 * check requests in order. It runs under V8 resource limits and the main thread's time budget, so a
 * crafted update that explodes on decoding costs this thread, never the collaboration server.
 */
import { parentPort } from 'node:worker_threads';
import { legalSchema } from '../../../shared/schema/legal-schema.ts';
import type { FromCheckWorker, ToCheckWorker } from './check-protocol.ts';
import { ShadowDocument } from './shadow-document.ts';
import type { Verdict } from './verdict.ts';

const port = parentPort;
if (!port) throw new Error('check-worker must run in a worker thread');

const shadows = new Map<string, ShadowDocument>();

function reply(message: FromCheckWorker): void {
  port?.postMessage(message);
}

port.on('message', (message: ToCheckWorker) => {
  switch (message.type) {
    case 'load': {
      shadows.get(message.docId)?.destroy();
      shadows.set(message.docId, new ShadowDocument(legalSchema, message.state));
      break;
    }
    case 'drop': {
      shadows.get(message.docId)?.destroy();
      shadows.delete(message.docId);
      break;
    }
    case 'check': {
      const shadow = shadows.get(message.docId);
      const verdicts: Verdict[] = [];
      if (!shadow) {
        reply({ type: 'verdicts', id: message.id, verdicts: [{ ok: false, reason: 'internal', detail: 'document not loaded in checker' }], dirty: true });
        break;
      }
      for (const update of message.updates) {
        verdicts.push(shadow.check(update.bytes, update.mode));
        // A dirty shadow cannot judge what follows; the caller reloads it and resubmits the rest.
        if (shadow.isDirty) break;
      }
      reply({ type: 'verdicts', id: message.id, verdicts, dirty: shadow.isDirty });
      break;
    }
    case 'checkpoint': {
      const shadow = shadows.get(message.docId);
      try {
        if (!shadow || shadow.isDirty) throw new Error('no clean shadow for checkpoint');
        reply({ type: 'checkpoint', id: message.id, state: shadow.verifiedState(), error: null });
      } catch (error) {
        reply({ type: 'checkpoint', id: message.id, state: null, error: (error as Error).message });
      }
      break;
    }
  }
});

// Tells the main thread that booting is over: from now on, time budgets apply.
reply({ type: 'ready' });
