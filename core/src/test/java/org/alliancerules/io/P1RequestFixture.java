package org.alliancerules.io;

/** The P1 example request of interchange.md, for tests outside this package. */
public final class P1RequestFixture {

    public static final String EXAMPLE = P1RequestTest.EXAMPLE;

    private P1RequestFixture() {
    }
}
