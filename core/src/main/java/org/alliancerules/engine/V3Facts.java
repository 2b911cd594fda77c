package org.alliancerules.engine;

import java.util.ArrayList;
import java.util.List;

import org.alliancerules.facts.Dispute;
import org.alliancerules.facts.Product;
import org.alliancerules.facts.SettlementOrder;
import org.alliancerules.facts.Shop;
import org.alliancerules.facts.Violation;
import org.alliancerules.model.DisputeInput;
import org.alliancerules.model.LadderState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.OperatingInput;
import org.alliancerules.model.OrderInput;
import org.alliancerules.model.ProductInput;
import org.alliancerules.model.ViolationInput;

/**
 * P2 (the seed-003 profile): the facts the v3 rule set matches beyond the {@code Merchant} (plumbing only): one
 * {@link Shop} per merchant and one fact per violation, product, order and dispute. Inserted only into sessions
 * of a rule set that declares the global {@code v3}: the default rule set never pays for them.
 */
final class V3Facts {

    private V3Facts() {
    }

    static List<Object> of(MerchantInput m) {
        List<Object> facts = new ArrayList<>();
        LadderState l = m.ladder();
        OperatingInput o = m.operating();
        facts.add(new Shop(m.id(), m.shopOpenedOn() != null ? m.shopOpenedOn() : m.onboardedOn(), m.genuineOrders(),
                m.licences() == null ? List.of() : m.licences(), m.rectified(),
                l == null ? 0 : l.violations(), l == null ? null : l.countedThrough(),
                l == null ? null : l.trafficLimitedUntil(), l == null ? null : l.closedUntil(), l != null && l.removed(),
                o != null, o == null ? null : o.fulfilmentRate(), o == null ? null : o.returnRate(),
                o == null ? null : o.complaintHandlingHours(),
                m.products() != null));
        if (m.violations() != null) {
            for (ViolationInput v : m.violations()) {
                facts.add(new Violation(m.id(), v.on(), v.kind(), v.serious()));
            }
        }
        if (m.products() != null) {
            for (ProductInput p : m.products()) {
                facts.add(new Product(m.id(), p.id(), p.category(), p.commissionRate(), p.ctr(), p.conversionRate(),
                        p.unitPrice(), p.categoryAverageUnitPrice(), p.stock(), p.dailySales(), p.mainImageWidth(),
                        p.mainImageHeight(), p.sceneImages(), p.listedOn()));
            }
        }
        if (m.orders() != null) {
            for (OrderInput x : m.orders()) {
                facts.add(new SettlementOrder(m.id(), x.id(), x.productId(), x.amount(), x.creatorPromoted(),
                        x.receiptConfirmedAt(), x.settledOn()));
            }
        }
        if (m.disputes() != null) {
            for (DisputeInput d : m.disputes()) {
                facts.add(new Dispute(m.id(), d.id(), d.orderId(), d.creatorId(), d.appealedOn(), d.decidedOn(),
                        d.atFault(), d.commission(), d.compensation()));
            }
        }
        return facts;
    }
}
