/**
 * Enter in legal text. Splitting a numeral gives two numerals (not a numeral and a paragraph, as
 * ProseMirror's default would): the new block keeps the kind. Enter at the end of an epígrafe starts
 * the body under it, with the kind of the block that follows (or a numeral). Enter at the very start
 * of a block opens an empty block of the same kind above it, and the text keeps its block (and uid).
 * Enter in an empty fracción or inciso lifts it one level instead, as in any outline editor. Where
 * an empty body block already waits right below (a new article's "1."), Enter goes into it, or, from
 * the middle of an epígrafe, fills it with the rest of the epígrafe, instead of adding another.
 *
 * Splitting in the shared document. Yjs cannot move characters from one element to another: a
 * split keeps one Y element for one half and copies the other half's characters into a new
 * element, deleting them from the old one. Everybody whose cursor (or typing still in flight) is
 * anchored to the copied half is anchored to deleted characters: their caret jumps to the split
 * point and what they type next lands in the other half, mid-word. Left to y-prosemirror, the
 * original element always keeps the first half. So a split in the middle of a body block is made
 * here, on the Y.Doc, in one transaction with y-prosemirror's origin (Yjs undo takes it back in one
 * step): the original element, its text and its uid stay with the half where other people's
 * cursors are, and the other half goes into a new element (new uid) holding a copy of its text and
 * formatting. With nobody else in the block the original keeps the first half, as before, and the
 * text keeps the uid when the split leaves nothing before it.
 *
 * An epígrafe cannot do this (its element must stay the epígrafe), so splitting one waits while
 * another person is writing in the part that would move.
 */
import { Slice, type Node as PMNode, type ResolvedPos } from 'prosemirror-model';
import { splitBlockAs } from 'prosemirror-commands';
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { type BlockKind, isBlockKind, NodeName } from '../../../shared/schema/legal-schema.ts';
import { newUid } from '../../../shared/schema/uid.ts';
import type { StructureGuard } from '../presence-guard.ts';
import { sliceRuns, type TextRun, textRuns, yBindingOf, yTextblockAt } from '../y-binding.ts';
import { shiftBlockLevel } from './change-block-kind.ts';
import { nodeType } from './structure-context.ts';

const HEADINGS_WITH_BODY: ReadonlySet<string> = new Set([NodeName.epigrafe, NodeName.apartadoEpigrafe]);

/** The kind of the first body block after the heading at `$from`, or numeral when there is none. */
function kindAfterHeading($from: ResolvedPos): BlockKind {
  const container = $from.node($from.depth - 1);
  const next = container.maybeChild($from.index($from.depth - 1) + 1);
  const name = next?.type.name ?? '';
  return isBlockKind(name) ? name : 'numeral';
}

const splitKeepingKind: Command = splitBlockAs((node: PMNode, _atEnd: boolean, $from: ResolvedPos) => {
  if (isBlockKind(node.type.name)) return { type: node.type, attrs: node.attrs };
  if (HEADINGS_WITH_BODY.has(node.type.name)) return { type: nodeType(kindAfterHeading($from)), attrs: { uid: newUid() } };
  return null;
});

function liftEmptyListBlock(guard?: StructureGuard): Command {
  return (state, dispatch) => {
    const { $from, empty } = state.selection;
    const kind = $from.parent.type.name;
    if (!empty || $from.parent.content.size > 0 || (kind !== 'fraccion' && kind !== 'inciso')) return false;
    return shiftBlockLevel(-1, guard)(state, dispatch);
  };
}

const openBlockAbove: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  const block = $from.parent;
  if (!empty || $from.parentOffset > 0 || block.content.size === 0 || !isBlockKind(block.type.name)) return false;
  const pos = $from.before();
  if (dispatch) {
    const tr = state.tr.insert(pos, block.type.create({ uid: newUid() }));
    tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map($from.pos))).scrollIntoView();
    dispatch(tr);
  }
  return true;
};

/** The empty body block right after the textblock holding `$pos`, with its position; null when there is none. */
export function emptyBlockAfter($pos: ResolvedPos): { node: PMNode; pos: number } | null {
  if ($pos.depth < 1) return null;
  const next = $pos.node($pos.depth - 1).maybeChild($pos.index($pos.depth - 1) + 1);
  if (!next || !isBlockKind(next.type.name) || next.content.size > 0) return null;
  return { node: next, pos: $pos.after() };
}

/**
 * Enter at the end of an epígrafe (or of a body block) whose next block is an empty one (of the
 * same kind, after a body block): the cursor goes into it instead of opening another empty block.
 */
const enterEmptyBlockBelow: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  const block = $from.parent;
  if (!empty || $from.parentOffset < block.content.size) return false;
  const heading = HEADINGS_WITH_BODY.has(block.type.name);
  if (!heading && !isBlockKind(block.type.name)) return false;
  const below = emptyBlockAfter($from);
  if (!below || (!heading && below.node.type !== block.type)) return false;
  if (dispatch) dispatch(state.tr.setSelection(TextSelection.create(state.doc, below.pos + 1)).scrollIntoView());
  return true;
};

/** Enter in the middle of a heading while someone else writes in the part that would move: wait. */
function headingSplitGuard(guard?: StructureGuard): Command {
  return (state, dispatch) => {
    const { $from, $to } = state.selection;
    const heading = $from.parent;
    if (!guard || !dispatch || !HEADINGS_WITH_BODY.has(heading.type.name) || !$from.sameParent($to)) return false;
    if ($to.parentOffset >= heading.content.size) return false;
    const end = $to.end();
    // Only the part after the selection moves; a caret at the split point stays where it is.
    const person = guard.personIn(state, $to.pos, end + 1);
    if (person === null) return false;
    guard.declined('split-heading', person);
    return true;
  };
}

/**
 * Enter in the middle of an epígrafe whose body starts with an empty block: the rest of the
 * epígrafe goes into that block instead of a new one (unless someone else is writing in it).
 */
function fillEmptyBlockBelow(guard?: StructureGuard): Command {
  return (state, dispatch) => {
    const { $from, empty } = state.selection;
    const heading = $from.parent;
    if (!empty || !HEADINGS_WITH_BODY.has(heading.type.name) || $from.parentOffset >= heading.content.size) return false;
    const below = emptyBlockAfter($from);
    if (!below) return false;
    if (guard?.personIn(state, below.pos, below.pos + below.node.nodeSize) != null) return false;
    if (dispatch) {
      const end = $from.end();
      const tail = state.doc.slice($from.pos, end);
      const tr = state.tr.replace(below.pos + 1, below.pos + 1, new Slice(tail.content, 0, 0));
      tr.delete($from.pos, end);
      tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map(below.pos + 1, -1))).scrollIntoView();
      dispatch(tr);
    }
    return true;
  };
}

export type Half = 'first' | 'second';

/**
 * Which half of a split block keeps the shared element. `positions` are other cursors inside the
 * block; `from`/`to` the selection being split (positions in it are deleted anyway, and a caret
 * exactly at the split point is anchored fine either way). The half with more cursors wins; on a
 * tie the default holds: the first half, unless the split leaves nothing before it.
 */
export function keeperHalf(positions: readonly number[], from: number, to: number, firstHalfEmpty: boolean): Half {
  let before = 0;
  let after = 0;
  for (const pos of positions) {
    if (pos < from) before++;
    else if (pos > to) after++;
  }
  if (before !== after) return before > after ? 'first' : 'second';
  return firstHalfEmpty ? 'second' : 'first';
}

/** A body block element as y-prosemirror would create it, with the attributes of `like` and a new uid. */
function blockElementLike(like: Y.XmlElement, runs: readonly TextRun[]): Y.XmlElement {
  const element = new Y.XmlElement(like.nodeName);
  for (const [key, value] of Object.entries(like.getAttributes())) {
    if (key !== 'uid' && typeof value === 'string') element.setAttribute(key, value);
  }
  element.setAttribute('uid', newUid());
  // An empty ProseMirror text block is an element without children in y-prosemirror's layout.
  if (runs.length > 0) {
    const text = new Y.XmlText();
    text.applyDelta(runs.map((run) => ({ ...run })));
    element.insert(0, [text]);
  }
  return element;
}

/** The split in the Y.Doc (see the header comment). Declines (false) whenever the two trees disagree. */
function splitInSharedDocument(guard?: StructureGuard): Command {
  return (state: EditorState, dispatch) => {
    const { selection } = state;
    const { $from, $to } = selection;
    if (!(selection instanceof TextSelection) || !$from.sameParent($to)) return false;
    const block = $from.parent;
    const from = $from.parentOffset;
    const to = $to.parentOffset;
    const length = block.content.size;
    // A caret at the start opens a block above, and at the end nothing moves: no characters of
    // anybody's are copied there, so y-prosemirror's own diff is right.
    if (!isBlockKind(block.type.name) || to === length || (selection.empty && from === 0)) return false;
    const binding = yBindingOf(state);
    if (!binding) return false;
    const found = yTextblockAt(binding.fragment, $from);
    const text: unknown = found && found.element.length === 1 ? found.element.get(0) : null;
    if (!found || !(text instanceof Y.XmlText) || text.length !== length) return false;
    const runs = textRuns(text);
    if (!runs || runs.map((run) => run.insert).join('') !== block.textContent) return false;
    if (!dispatch) return true;

    const blockPos = $from.before();
    const keep = keeperHalf(guard?.positionsIn(state, blockPos, blockPos + block.nodeSize) ?? [], $from.pos, $to.pos, from === 0);
    const { element, parent, index } = found;
    const originalUid = element.getAttribute('uid');
    let newUidValue: string | undefined;
    binding.doc.transact(() => {
      if (keep === 'first') {
        const copy = blockElementLike(element, sliceRuns(runs, to, length));
        text.delete(from, length - from);
        parent.insert(index + 1, [copy]);
        newUidValue = copy.getAttribute('uid');
      } else {
        const copy = blockElementLike(element, sliceRuns(runs, 0, from));
        text.delete(0, to);
        parent.insert(index, [copy]);
        newUidValue = copy.getAttribute('uid');
      }
    }, ySyncPluginKey);

    // The caret goes to the start of the second half, whichever element holds it.
    const live = binding.liveState();
    const secondPos = blockPos + from + 2;
    const second = live?.doc.nodeAt(secondPos);
    const expectedUid = keep === 'first' ? newUidValue : originalUid;
    if (!live || !second || second.attrs.uid !== expectedUid) return true;
    dispatch(live.tr.setSelection(TextSelection.create(live.doc, secondPos + 1)).scrollIntoView());
    return true;
  };
}

/**
 * Enter: lift an empty fracción/inciso, open a block above at a block's start, step into an empty
 * block below, else split keeping the kind (in the shared document when there is one). `guard`
 * supplies the other people's cursors.
 */
export function legalEnter(guard?: StructureGuard): Command {
  const steps: Command[] = [
    liftEmptyListBlock(guard),
    openBlockAbove,
    enterEmptyBlockBelow,
    headingSplitGuard(guard),
    fillEmptyBlockBelow(guard),
    splitInSharedDocument(guard),
    splitKeepingKind,
  ];
  return (state, dispatch, view) => steps.some((step) => step(state, dispatch, view));
}

/** Enter without knowledge of other people's cursors (tests, tools). */
export const splitLegalBlock: Command = legalEnter();
