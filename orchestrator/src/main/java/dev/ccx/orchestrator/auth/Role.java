package dev.ccx.orchestrator.auth;

/** What a credential may do: act for any user (service), act for one user (user token), or administer slots. */
public enum Role {
    SERVICE,
    USER,
    ADMIN
}
