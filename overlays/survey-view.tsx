/** NPS (0–10), CSAT (1–5) and open or multiple-choice questions. Calls `onAnswer` once. */
import { Component } from "preact";
import type { Survey } from "../sdk/protocol.ts";

export type SurveyAnswer = { score: number } | { answer: string };

export interface SurveyProps {
  survey: Survey;
  onAnswer(answer: SurveyAnswer): void;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface SurveyState {
  done: boolean;
}

// A class component: Preact's hooks would add 1 KB gzip to the chunk for one state field.
export class SurveyView extends Component<SurveyProps, SurveyState> {
  override state = { done: false };

  override render({ survey, onAnswer }: SurveyProps, { done }: SurveyState) {
    const answer = (a: SurveyAnswer): void => {
      this.setState({ done: true });
      onAnswer(a);
    };
    if (done) return <p class="body" role="status">Thank you!</p>;
    const q = <p class="body" id="q">{survey.question}</p>;
    if (survey.type != "question") {
      const scores = survey.type == "nps" ? range(0, 10) : range(1, 5);
      const max = scores[scores.length - 1];
      return (
        <div role="group" aria-labelledby="q">
          {q}
          <div class="scale">
            {scores.map((n) => (
              <button type="button" aria-label={`${n} of ${max}`} onClick={() => answer({ score: n })}>
                {survey.type == "csat" ? "★".repeat(n) : n}
              </button>
            ))}
          </div>
          {survey.type == "nps" && (
            <div class="ends" aria-hidden="true">
              <span>{survey.lowLabel ?? "Not likely"}</span>
              <span>{survey.highLabel ?? "Very likely"}</span>
            </div>
          )}
        </div>
      );
    }
    if (survey.options?.length)
      return (
        <div role="group" aria-labelledby="q">
          {q}
          <div class="btns">
            {survey.options.map((o) => (
              <button type="button" onClick={() => answer({ answer: o })}>
                {o}
              </button>
            ))}
          </div>
        </div>
      );
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const text = e.currentTarget.querySelector("textarea")?.value.trim();
          if (text) answer({ answer: text });
        }}
      >
        <label for="a" class="body" id="q">
          {survey.question}
        </label>
        <textarea id="a" placeholder={survey.placeholder} />
        <button type="submit" class="primary">
          Send
        </button>
      </form>
    );
  }
}
