/**
 * The examples/ catalog the route-level seed journey tests publish: every seed segment and the
 * templates of journeys 3, 6, 8, 9 and 10 (journey 4 sends nothing).
 */
import churnFeedbackEmailTemplate from "../../../../examples/templates/churn-feedback-email.json";
import churnFeedbackMobilePushTemplate from "../../../../examples/templates/churn-feedback-mobile-push.json";
import churnFeedbackSmsTemplate from "../../../../examples/templates/churn-feedback-sms.json";
import churnFeedbackWebPushTemplate from "../../../../examples/templates/churn-feedback-web-push.json";
import churnFeedbackWhatsappTemplate from "../../../../examples/templates/churn-feedback-whatsapp.json";
import churnOfferEmailTemplate from "../../../../examples/templates/churn-offer-email.json";
import churnOfferMobilePushTemplate from "../../../../examples/templates/churn-offer-mobile-push.json";
import churnOfferSmsTemplate from "../../../../examples/templates/churn-offer-sms.json";
import churnOfferWebPushTemplate from "../../../../examples/templates/churn-offer-web-push.json";
import churnOfferWhatsappTemplate from "../../../../examples/templates/churn-offer-whatsapp.json";
import churnWelcomeBackEmailTemplate from "../../../../examples/templates/churn-welcome-back-email.json";
import churnWelcomeBackMobilePushTemplate from "../../../../examples/templates/churn-welcome-back-mobile-push.json";
import churnWelcomeBackSmsTemplate from "../../../../examples/templates/churn-welcome-back-sms.json";
import churnWelcomeBackWebPushTemplate from "../../../../examples/templates/churn-welcome-back-web-push.json";
import churnWelcomeBackWhatsappTemplate from "../../../../examples/templates/churn-welcome-back-whatsapp.json";
import courseCongratsEmailTemplate from "../../../../examples/templates/course-congrats-email.json";
import courseFeedbackEmailTemplate from "../../../../examples/templates/course-feedback-email.json";
import courseRecommendationsEmailTemplate from "../../../../examples/templates/course-recommendations-email.json";
import courseRecommendationsPushTemplate from "../../../../examples/templates/course-recommendations-push.json";
import trialCartEmailTemplate from "../../../../examples/templates/trial-cart-email.json";
import trialPremiumEmailTemplate from "../../../../examples/templates/trial-premium-email.json";
import trialPremiumPushTemplate from "../../../../examples/templates/trial-premium-push.json";
import windowShopperOverlayTemplate from "../../../../examples/templates/window-shopper-overlay.json";
import windowShopperPushTemplate from "../../../../examples/templates/window-shopper-push.json";
import windowShopperRecommendationsTemplate from "../../../../examples/templates/window-shopper-recommendations.json";
import windowShopperSmsTemplate from "../../../../examples/templates/window-shopper-sms.json";
import windowShopperThankYouTemplate from "../../../../examples/templates/window-shopper-thank-you.json";
import weeklyReportEmailTemplate from "../../../../examples/templates/weekly-report-email.json";
import weeklyReportSmsParentTemplate from "../../../../examples/templates/weekly-report-sms-parent.json";
import weeklyReportSmsTemplate from "../../../../examples/templates/weekly-report-sms.json";
import aboutToChurnSegment from "../../../../examples/segments/about-to-churn.json";
import activeLearnerSegment from "../../../../examples/segments/active-learner.json";
import d30Segment from "../../../../examples/segments/d-30.json";
import d60Segment from "../../../../examples/segments/d-60.json";
import d90Segment from "../../../../examples/segments/d-90.json";
import engagedSegment from "../../../../examples/segments/engaged.json";
import noLogin7dSegment from "../../../../examples/segments/no-login-7d.json";
import repeatBrowserSegment from "../../../../examples/segments/repeat-browser.json";

/** Templates of seed journeys 3 (window-shopper-*), 6 (trial-*), 8 (weekly-report-*), 9 (course-*) and 10 (churn-*). */
export const SEED_JOURNEY_TEMPLATES: ReadonlyArray<{ id: string }> = [
  churnFeedbackEmailTemplate,
  churnFeedbackMobilePushTemplate,
  churnFeedbackSmsTemplate,
  churnFeedbackWebPushTemplate,
  churnFeedbackWhatsappTemplate,
  churnOfferEmailTemplate,
  churnOfferMobilePushTemplate,
  churnOfferSmsTemplate,
  churnOfferWebPushTemplate,
  churnOfferWhatsappTemplate,
  churnWelcomeBackEmailTemplate,
  churnWelcomeBackMobilePushTemplate,
  churnWelcomeBackSmsTemplate,
  churnWelcomeBackWebPushTemplate,
  churnWelcomeBackWhatsappTemplate,
  courseCongratsEmailTemplate,
  courseFeedbackEmailTemplate,
  courseRecommendationsEmailTemplate,
  courseRecommendationsPushTemplate,
  trialCartEmailTemplate,
  trialPremiumEmailTemplate,
  trialPremiumPushTemplate,
  windowShopperOverlayTemplate,
  windowShopperPushTemplate,
  windowShopperRecommendationsTemplate,
  windowShopperSmsTemplate,
  windowShopperThankYouTemplate,
  weeklyReportEmailTemplate,
  weeklyReportSmsParentTemplate,
  weeklyReportSmsTemplate,
];

/** Every seed segment (examples/segments). */
export const ALL_SEED_SEGMENTS: ReadonlyArray<{ id: string }> = [
  aboutToChurnSegment,
  activeLearnerSegment,
  d30Segment,
  d60Segment,
  d90Segment,
  engagedSegment,
  noLogin7dSegment,
  repeatBrowserSegment,
];
