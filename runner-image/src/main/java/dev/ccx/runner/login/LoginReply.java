package dev.ccx.runner.login;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A login step's answer when it is not always 200 (Codex completion answers 202 while the login is pending).
 *
 * @param status HTTP status
 * @param body   JSON body
 */
public record LoginReply(int status, ObjectNode body) {
}
