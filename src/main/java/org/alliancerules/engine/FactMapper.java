package org.alliancerules.engine;

import java.util.List;

import org.alliancerules.facts.DayStat;
import org.alliancerules.facts.Grade;
import org.alliancerules.facts.Merchant;
import org.alliancerules.facts.Metrics;
import org.alliancerules.facts.Penalty;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DailyFigures;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.PenaltyInput;
import org.alliancerules.model.ShopPenalty;
import org.kie.api.runtime.rule.EntryPoint;

/** Turns one merchant of a request into the flat facts the rules match (plumbing only). */
final class FactMapper {

    private FactMapper() {
    }

    static AllianceState allianceOf(MerchantInput m) {
        return m.alliance() == null ? AllianceState.NONE : m.alliance();
    }

    static void insert(EntryPoint session, MerchantInput m) {
        AllianceState a = allianceOf(m);
        session.insert(new Merchant(m.id(), m.controllerId(), m.shopType(), m.category(), m.onboardedOn(),
                m.shopOpen(), m.accountNormal(), m.businessNormal(), m.experienceScore(), m.brandQualified(),
                a.member(), a.admittedOn(), a.closures(), a.closedOn()));
        List<PenaltyInput> penalties = m.penalties();
        for (PenaltyInput p : penalties) {
            session.insert(new Penalty(m.id(), m.controllerId(), p.rule(), p.on(), p.severe(), p.clearance()));
        }
        if (m.grade() != null) {
            session.insert(new Grade(m.id(), m.grade().level(), m.grade().lastChangedOn(), m.grade().lv0Since()));
        }
        if (m.metrics30d() != null) {
            var x = m.metrics30d();
            session.insert(new Metrics(m.id(), x.complaintRate(), x.productGoodRate(), x.serviceGoodRate(),
                    x.avgDailyOrders(), x.avgDailyGmv()));
        }
        for (DailyFigures d : m.daily()) {
            session.insert(new DayStat(m.id(), d.day(), d.orders(), d.gmv(), d.reviewRate(), d.productGoodRate(),
                    d.serviceGoodRate()));
        }
    }

    /** A penalty of a shop that is not in the session, for the joins across a controller's shops. */
    static void insert(EntryPoint session, ShopPenalty s) {
        PenaltyInput p = s.penalty();
        session.insert(new Penalty(s.merchantId(), s.controllerId(), p.rule(), p.on(), p.severe(), p.clearance()));
    }
}
