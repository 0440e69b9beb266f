/** The seed's templates and segments the delivery tests publish (examples/). */
import cartEmail from "../../../examples/templates/cart-email.json";
import cartPush from "../../../examples/templates/cart-push.json";
import feedbackEmail from "../../../examples/templates/churn-feedback-email.json";
import feedbackMobile from "../../../examples/templates/churn-feedback-mobile-push.json";
import feedbackSms from "../../../examples/templates/churn-feedback-sms.json";
import feedbackWebPush from "../../../examples/templates/churn-feedback-web-push.json";
import feedbackWhatsapp from "../../../examples/templates/churn-feedback-whatsapp.json";
import offerEmail from "../../../examples/templates/churn-offer-email.json";
import offerMobile from "../../../examples/templates/churn-offer-mobile-push.json";
import offerSms from "../../../examples/templates/churn-offer-sms.json";
import offerWebPush from "../../../examples/templates/churn-offer-web-push.json";
import offerWhatsapp from "../../../examples/templates/churn-offer-whatsapp.json";
import backEmail from "../../../examples/templates/churn-welcome-back-email.json";
import backMobile from "../../../examples/templates/churn-welcome-back-mobile-push.json";
import backSms from "../../../examples/templates/churn-welcome-back-sms.json";
import backWebPush from "../../../examples/templates/churn-welcome-back-web-push.json";
import backWhatsapp from "../../../examples/templates/churn-welcome-back-whatsapp.json";
import aboutToChurn from "../../../examples/segments/about-to-churn.json";

export const SEED_TEMPLATES: ReadonlyArray<{ id: string }> = [
  cartEmail, cartPush,
  offerEmail, offerMobile, offerSms, offerWebPush, offerWhatsapp,
  feedbackEmail, feedbackMobile, feedbackSms, feedbackWebPush, feedbackWhatsapp,
  backEmail, backMobile, backSms, backWebPush, backWhatsapp,
];

export const SEED_SEGMENTS: ReadonlyArray<{ id: string }> = [aboutToChurn];
