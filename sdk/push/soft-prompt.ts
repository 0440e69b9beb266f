/** The in-page question asked before the browser's own permission prompt (which can be shown only so often). */
import type { Host } from "../plugin.ts";
import type { Layout } from "../protocol.ts";

export interface SoftPromptOptions {
  title?: string;
  body?: string;
  allowLabel?: string;
  laterLabel?: string;
  /** @default "slide_in" */
  layout?: Layout;
}

/** Shows the prompt; true when the user chose to allow. */
export async function softPrompt(host: Host, o: SoftPromptOptions = {}): Promise<boolean> {
  const { mount } = await host.load("overlays");
  return new Promise((resolve) => {
    const done = (allow: boolean): void => {
      unmount();
      resolve(allow);
    };
    const unmount = mount(
      {
        type: "message",
        id: "nudge-push-prompt",
        layout: o.layout ?? "slide_in",
        title: o.title ?? "Turn on notifications?",
        body: o.body ?? "We'll only tell you about things that matter to you. You can turn them off at any time.",
        buttons: [
          { id: "allow", label: o.allowLabel ?? "Allow" },
          { id: "later", label: o.laterLabel ?? "Not now" },
        ],
      },
      { onButton: (b) => done(b.id == "allow"), onDismiss: () => done(false), onAnswer: () => {} },
      { role: "alertdialog" },
    );
  });
}
