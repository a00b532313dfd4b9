package io.atozwatch.topology.deadlines;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.RiskKind;
import io.atozwatch.state.SentNotification;
import io.atozwatch.topology.notices.Messages;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.List;

/**
 * The merchant's notices about one order, each sent at most once: its id is deterministic (order, what it is
 * about, kind) and the case keeps the ids it sent.
 */
public final class OrderNotices {

    /** What a notice is about: a deadline's clock, or an at-risk warning. */
    public record Subject(String key, DeadlineKind deadline, RiskKind risk, String referenceId, Instant dueAt) {}

    private OrderNotices() {}

    /**
     * Sends a notice unless one with the same id already went out: {@code message}, prefixed with the order, in the
     * language of the order's marketplace ({@code marketplace.<CODE>.locale}) and in English alongside (the case
     * keeps the English one, for support agents).
     */
    public static void send(
            RuleContext ctx,
            Subject about,
            NotificationKind kind,
            Instant at,
            Text message,
            List<MerchantNotification> notes,
            List<SentNotification> sent) {
        String orderId = ctx.view().placed().getOrderId();
        String id = orderId + "/" + about.key() + "/" + kind;
        for (SentNotification n : sent) {
            if (n.getNotificationId().equals(id)) {
                return;
            }
        }
        Text whole = Text.of("notice.order", orderId, message);
        String english = Messages.ENGLISH.render(whole);
        Messages local = Messages.of(
                ctx.config().marketplace(ctx.view().placed().getMarketplace()).locale());
        sent.add(SentNotification.newBuilder()
                .setNotificationId(id)
                .setKind(kind)
                .setAt(at)
                .setMessage(english)
                .build());
        notes.add(MerchantNotification.newBuilder()
                .setNotificationId(id)
                .setMerchantId(ctx.view().placed().getMerchantId())
                .setOrderId(orderId)
                .setKind(kind)
                .setDeadline(about.deadline())
                .setRisk(about.risk())
                .setReferenceId(about.referenceId())
                .setDueAt(about.dueAt())
                .setAt(at)
                .setMessage(local.english() ? english : local.render(whole))
                .setEnglishMessage(english)
                .setLocale(local.locale().toLanguageTag())
                .build());
    }
}
