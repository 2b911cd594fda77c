package org.alliancerules.model;

/** An institution (机构) or team leader (团长) of a request (P1): only its id. */
public record PartyInput(String id) {
}
