package org.alliancerules.facts;

/** What a weekly quota counts (IMQ-2..5). */
public enum QuotaKind {
    /** New conversations opened (a team leader's: with creators). */
    CONVERSATIONS,
    /** A team leader's new conversations with merchants (a cap of its own, IMQ-5). */
    MERCHANT_CONVERSATIONS,
    /** Views of a creator's WeChat ID / phone number. */
    CONTACT_VIEWS
}
