package dev.ccx.fakemodel.script;

import java.util.List;
import java.util.Optional;

/** Picks, among the tools a client offered, the call that performs a scripted step (one per API flavour). */
public interface ToolMapper {

    /** The call for {@code step}, or empty when no offered tool can perform it. */
    Optional<ToolInvocation> map(ToolStep step, List<OfferedTool> offered, Optional<String> cwd);
}
