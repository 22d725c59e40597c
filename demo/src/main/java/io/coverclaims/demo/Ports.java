package io.coverclaims.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The documented port of each component, or a free one when it is taken (noted, so the demo can say so). */
final class Ports {

    private final Set<Integer> given = new HashSet<>();
    private final List<String> notes = new ArrayList<>();

    synchronized int pick(String what, int documented) {
        if (!given.contains(documented) && free(documented)) {
            given.add(documented);
            return documented;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ephemeral();
            if (given.add(port)) {
                notes.add("port " + documented + " is taken: " + what + " listens on " + port);
                return port;
            }
        }
        throw new DemoFailure("no free port for " + what);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port)); // also free on every interface (Kafka's, anvil's checks differ)
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeral() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DemoFailure("cannot find a free port: " + e);
        }
    }
}
