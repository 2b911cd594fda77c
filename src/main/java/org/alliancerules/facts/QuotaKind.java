package org.alliancerules.facts;

/** What a weekly quota counts (IMQ-2..5). */
public enum QuotaKind {
    /** New conversations opened. */
    CONVERSATIONS,
    /** Views of a creator's WeChat ID / phone number. */
    CONTACT_VIEWS
}
