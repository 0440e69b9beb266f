/** One message in its layout: image, title, body (text or sanitized markup), buttons or a survey. */
import type { Button, MessageFrame } from "../sdk/protocol.ts";
import { safeUrl, sanitize } from "./sanitize.ts";
import { SurveyView, type SurveyAnswer } from "./survey-view.tsx";

export interface OverlayHandlers {
  onButton(button: Button): void;
  onDismiss(): void;
  onAnswer(answer: SurveyAnswer): void;
}

export interface MessageViewProps extends OverlayHandlers {
  message: MessageFrame;
  /** "alertdialog" for prompts that need an answer (the push soft prompt). */
  role: "dialog" | "alertdialog";
}

/** Modal and fullscreen block the page; banner and slide-in do not. */
export const isModal = (m: MessageFrame): boolean => m.layout == "modal" || m.layout == "fullscreen";

export function MessageView({ message: m, role, onButton, onDismiss, onAnswer }: MessageViewProps) {
  const modal = isModal(m);
  const img = m.imageUrl && safeUrl(m.imageUrl, true);
  return (
    <div class={`wrap ${m.layout}`} onClick={(e) => modal && e.target == e.currentTarget && onDismiss()}>
      <div
        class="card"
        role={role}
        aria-modal={modal ? "true" : "false"}
        aria-labelledby={m.title ? "t" : undefined}
        aria-label={m.title ? undefined : "Message"}
        aria-describedby={m.body ? "b" : undefined}
      >
        {img && <img class="img" src={img} alt="" />}
        {m.title && <h2 id="t">{m.title}</h2>}
        {m.body &&
          (m.html ? (
            <div id="b" class="body" ref={(el) => void el?.replaceChildren(sanitize(m.body ?? ""))} />
          ) : (
            <p id="b" class="body">
              {m.body}
            </p>
          ))}
        {m.survey ? (
          <SurveyView survey={m.survey} onAnswer={onAnswer} />
        ) : (
          !!m.buttons?.length && (
            <div class="btns">
              {m.buttons.map((b, i) => (
                <button type="button" id={`btn-${b.id}`} class={(b.style ?? (i ? "secondary" : "primary"))} onClick={() => onButton(b)}>
                  {b.label}
                </button>
              ))}
            </div>
          )
        )}
        <button type="button" class="x" aria-label="Close" onClick={onDismiss}>
          ×
        </button>
      </div>
    </div>
  );
}
