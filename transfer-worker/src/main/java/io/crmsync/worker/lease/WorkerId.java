package io.crmsync.worker.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This process's identity towards the scheduler: {@code host-pid-shortuuid}, for operators to trace leases. */
final class WorkerId {

    private WorkerId() {
    }

    static String create() {
        return host() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
