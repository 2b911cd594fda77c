package org.alliancerules.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alliancerules.facts.Controller;
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

/**
 * Turns the merchants of a session into the facts the rules match (plumbing only): one
 * {@link Merchant} per merchant, everything the request says about it inside, and one
 * {@link Controller} per controller with the penalties of all its shops.
 */
final class FactMapper {

    private FactMapper() {
    }

    static AllianceState allianceOf(MerchantInput m) {
        return m.alliance() == null ? AllianceState.NONE : m.alliance();
    }

    static Merchant merchant(MerchantInput m) {
        AllianceState a = allianceOf(m);
        List<PenaltyInput> in = m.penalties();
        List<Penalty> penalties;
        if (in.isEmpty()) {
            penalties = List.of();
        } else {
            penalties = new ArrayList<>(in.size());
            for (PenaltyInput p : in) {
                penalties.add(new Penalty(m.id(), m.controllerId(), p.rule(), p.on(), p.severe(), p.clearance()));
            }
        }
        Grade grade = m.grade() == null ? null
                : new Grade(m.id(), m.grade().level(), m.grade().lastChangedOn(), m.grade().lv0Since());
        Metrics metrics = null;
        if (m.metrics30d() != null) {
            var x = m.metrics30d();
            metrics = new Metrics(m.id(), x.complaintRate(), x.productGoodRate(), x.serviceGoodRate(),
                    x.avgDailyOrders(), x.avgDailyGmv());
        }
        List<DayStat> daily;
        if (m.daily().isEmpty()) {
            daily = List.of();
        } else {
            daily = new ArrayList<>(m.daily().size());
            for (DailyFigures d : m.daily()) {
                daily.add(new DayStat(m.id(), d.day(), d.orders(), d.gmv(), d.reviewRate(), d.productGoodRate(),
                        d.serviceGoodRate()));
            }
        }
        return new Merchant(m.id(), m.controllerId(), m.shopType(), m.category(), m.onboardedOn(),
                m.shopOpen(), m.accountNormal(), m.businessNormal(), m.experienceScore(), m.brandQualified(),
                a.member(), a.admittedOn(), a.closures(), a.closedOn(), penalties, grade, metrics, daily);
    }

    /**
     * One controller fact per controller of {@code merchants}, holding the penalties of its shops in
     * the session and of its shops outside it ({@code outside}, streaming: the other parts' penalties).
     */
    static List<Controller> controllers(List<Merchant> merchants, List<ShopPenalty> outside) {
        Map<String, List<Penalty>> byController = new HashMap<>();
        for (Merchant m : merchants) {
            if (m.controllerId() != null) {
                byController.computeIfAbsent(m.controllerId(), k -> new ArrayList<>(4)).addAll(m.penalties());
            }
        }
        for (ShopPenalty s : outside) {
            List<Penalty> list = byController.get(s.controllerId());
            if (list != null) {
                PenaltyInput p = s.penalty();
                list.add(new Penalty(s.merchantId(), s.controllerId(), p.rule(), p.on(), p.severe(), p.clearance()));
            }
        }
        List<Controller> out = new ArrayList<>(byController.size());
        byController.forEach((id, penalties) -> out.add(new Controller(id, penalties)));
        return out;
    }
}
