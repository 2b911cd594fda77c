package org.alliancerules.facts;

/** What a contact request asks for (IMQ); names are fixed by the contract. */
public enum ContactAction {
    /** Open a conversation (a new one counts against the week's quota, IMQ-7). */
    OPEN_CONVERSATION,
    /** View the other party's WeChat ID / phone number (every view counts, IMQ-3). */
    VIEW_CONTACT
}
