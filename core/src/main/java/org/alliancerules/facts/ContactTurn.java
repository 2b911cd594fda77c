package org.alliancerules.facts;

/**
 * The controller of IMQ: which contact request (by {@link ContactRequest#order()}) is decided now. The
 * rules decide requests one at a time in time order, so that an allowed request has consumed its quota
 * before the next is decided, and move the turn on (modify) once the current request has its outcome.
 */
public final class ContactTurn {

    private int order;

    public ContactTurn(int order) {
        this.order = order;
    }

    public int getOrder() {
        return order;
    }

    public void setOrder(int order) {
        this.order = order;
    }
}
