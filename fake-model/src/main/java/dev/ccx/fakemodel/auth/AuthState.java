package dev.ccx.fakemodel.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the fake authorization server remembers between requests: authorization codes waiting to be exchanged,
 * device logins waiting for approval, and every token issued. Codes are single use.
 */
public final class AuthState {

    /** A Claude authorization code and the PKCE/consent values it was issued for. */
    record ClaudeGrant(String clientId, String redirectUri, String challenge, String state, String user) {
    }

    /** A Codex device login: its ids, and once approved, the code the CLI's poll receives. */
    record DeviceLogin(String deviceAuthId, String userCode, String clientId, String user, String code,
            String verifier) {

        boolean approved() {
            return user != null;
        }
    }

    private final Map<String, ClaudeGrant> claudeCodes = new HashMap<>();
    private final Map<String, DeviceLogin> devices = new HashMap<>();
    private final Map<String, DeviceLogin> codexCodes = new HashMap<>();
    private final List<IssuedToken> issued = new ArrayList<>();

    synchronized void addClaudeCode(String code, ClaudeGrant grant) {
        claudeCodes.put(code, grant);
    }

    /** Removes and returns the grant behind {@code code} (single use). */
    synchronized Optional<ClaudeGrant> takeClaudeCode(String code) {
        return Optional.ofNullable(claudeCodes.remove(code));
    }

    synchronized void addDevice(DeviceLogin login) {
        devices.put(login.deviceAuthId(), login);
    }

    /** Marks the device login with {@code userCode} approved by {@code user}; false when there is none. */
    synchronized boolean approve(String userCode, String user, String code, String verifier) {
        for (DeviceLogin d : devices.values()) {
            if (d.userCode().equals(userCode) && !d.approved()) {
                DeviceLogin done = new DeviceLogin(d.deviceAuthId(), d.userCode(), d.clientId(), user, code, verifier);
                devices.put(d.deviceAuthId(), done);
                codexCodes.put(code, done);
                return true;
            }
        }
        return false;
    }

    synchronized Optional<DeviceLogin> device(String deviceAuthId) {
        return Optional.ofNullable(devices.get(deviceAuthId));
    }

    /** Removes the device login once its code was collected. */
    synchronized void removeDevice(String deviceAuthId) {
        devices.remove(deviceAuthId);
    }

    /** Removes and returns the approved device login behind an authorization code (single use). */
    synchronized Optional<DeviceLogin> takeCodexCode(String code) {
        return Optional.ofNullable(codexCodes.remove(code));
    }

    synchronized void issued(IssuedToken token) {
        issued.add(token);
    }

    /** Every token issued so far, oldest first. */
    public synchronized List<IssuedToken> issuedTokens() {
        return List.copyOf(issued);
    }
}
