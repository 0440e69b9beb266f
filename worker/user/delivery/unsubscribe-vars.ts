/**
 * Adds `message.unsubscribe_url` (and `message.id`) to the variables of e-mail, SMS and WhatsApp
 * templates: a signed link to `GET|POST /v1/unsubscribe?token=…` for this user, channel and send
 * (worker/webhooks/unsubscribe-token.ts). Empty when the workspace's public URL is not known yet.
 */
import type { Delivery } from "../../channels/registry.ts";
import type { TemplateVars } from "../../templates/vars.ts";
import { createUnsubscribeToken, unsubscribeUrl, type UnsubscribeChannel } from "../../webhooks/unsubscribe-token.ts";

export interface UnsubscribeLinks {
  workspace: string;
  secret: string;
  /** The Worker's public origin, or null. */
  publicUrl: string | null;
  now: () => number;
}

function unsubscribable(channel: string): channel is UnsubscribeChannel {
  return channel === "email" || channel === "sms" || channel === "whatsapp";
}

/** `delivery` whose `sendTemplate` renders with `message.unsubscribe_url` and `message.id`. */
export function withUnsubscribeLinks(delivery: Delivery, links: UnsubscribeLinks): Delivery {
  return {
    ...delivery,
    async sendTemplate(effect, template, contact, vars, options) {
      let url = "";
      if (links.publicUrl !== null && unsubscribable(effect.channel)) {
        const claims = { workspace: links.workspace, userId: contact.userId, channel: effect.channel, messageKey: effect.key, issuedAt: links.now() };
        url = unsubscribeUrl(links.publicUrl, await createUnsubscribeToken(claims, links.secret));
      }
      // Liquid reads any top-level name: `message` sits beside user, event, data and journey.
      const extended: TemplateVars = Object.assign({}, vars, { message: { id: effect.key, unsubscribe_url: url } });
      return delivery.sendTemplate(effect, template, contact, extended, options);
    },
  };
}
