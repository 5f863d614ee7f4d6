/**
 * Just enough of an EditorView to run plugins that need one (y-prosemirror's sync and undo plugins)
 * in Node: it applies dispatched transactions and calls each plugin view's `update`, as the real view
 * does, without any DOM.
 */
import { EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

interface PluginViewLike {
  update?: (view: EditorView, prevState: EditorState) => void;
  destroy?: () => void;
}

export class HeadlessView {
  state: EditorState;
  private readonly pluginViews: PluginViewLike[] = [];

  constructor(state: EditorState) {
    this.state = state;
    for (const plugin of state.plugins) {
      const makeView = plugin.spec.view;
      if (makeView) this.pluginViews.push(makeView(this.asView()));
    }
  }

  readonly dispatch = (tr: Transaction): void => {
    const prev = this.state;
    this.state = this.state.apply(tr);
    for (const pluginView of this.pluginViews) pluginView.update?.(this.asView(), prev);
  };

  hasFocus(): boolean {
    return false;
  }

  destroy(): void {
    for (const pluginView of this.pluginViews) pluginView.destroy?.();
  }

  /** The plugins only use `state`, `dispatch` and `hasFocus`, which this class provides. */
  asView(): EditorView {
    return this as unknown as EditorView;
  }
}
