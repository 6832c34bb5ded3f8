package io.crmsync.launcher.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts packaged services as separate JVM processes, waits until each is ready, and stops them
 * (gracefully, then forcibly) in reverse order. Output of each goes to {@code <logDir>/<name>.log}.
 */
public final class ServiceSupervisor implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path logDir;
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ServiceSupervisor(Path logDir) {
        this.logDir = logDir;
    }

    /** Starts every service, then waits until all report ready; fails naming the service and its log. */
    public void startAll(List<ServiceSpec> specs) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        for (ServiceSpec spec : specs) {
            start(spec);
        }
        for (ServiceSpec spec : specs) {
            awaitReady(spec);
        }
    }

    public void start(ServiceSpec spec) throws IOException {
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException(spec.name() + " is not built: " + spec.jar()
                    + " is missing (run ./mvnw install -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", spec.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(spec.name()).toFile()));
        builder.environment().putAll(spec.environment());
        running.put(spec.name(), builder.start());
    }

    public void awaitReady(ServiceSpec spec) throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest probe = HttpRequest.newBuilder(URI.create(spec.readinessUrl())).timeout(Duration.ofSeconds(2))
                .GET().build();
        while (Instant.now().isBefore(deadline)) {
            Process process = running.get(spec.name());
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with code " + process.exitValue()
                        + " while starting; see " + logFile(spec.name()));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(spec.name() + " was not ready within " + READY_TIMEOUT.toSeconds()
                + "s; see " + logFile(spec.name()));
    }

    /**
     * Kills one service at once, as a crash would: SIGKILL to the process and any processes it started, so it
     * gets no chance to finish its work or say goodbye. Returns once the process is gone; {@link #start} runs
     * it again.
     */
    public void kill(String name) throws InterruptedException {
        Process process = running.remove(name);
        if (process == null) {
            throw new IllegalArgumentException(name + " is not running under this supervisor");
        }
        // Children first: once their parent is gone they are reparented and no longer its descendants.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") is still alive 10s after SIGKILL");
        }
    }

    /** The operating-system process id of a running service. */
    public long pid(String name) {
        Process process = running.get(name);
        if (process == null) {
            throw new IllegalArgumentException(name + " is not running under this supervisor");
        }
        return process.pid();
    }

    /**
     * Sends a signal by name ({@code STOP}, {@code CONT}, ...) to a running service's process, e.g. to freeze it
     * the way a stuck machine or a long GC pause would. Returns once {@code kill} has delivered it.
     */
    public void signal(String name, String signal) throws IOException, InterruptedException {
        long pid = pid(name);
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                .start();
        String output = new String(kill.getInputStream().readAllBytes()).trim();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " (" + name + ") failed: " + output);
        }
    }

    public Path logFile(String name) {
        return logDir.resolve(name + ".log");
    }

    /** Stops services in reverse start order: SIGTERM, then SIGKILL after 15 seconds. */
    @Override
    public void close() {
        List<Map.Entry<String, Process>> entries = new ArrayList<>(running.entrySet());
        java.util.Collections.reverse(entries);
        for (Map.Entry<String, Process> entry : entries) {
            entry.getValue().destroy();
        }
        for (Map.Entry<String, Process> entry : entries) {
            try {
                if (!entry.getValue().waitFor(15, TimeUnit.SECONDS)) {
                    entry.getValue().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                entry.getValue().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
