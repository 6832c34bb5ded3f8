package io.crmsync.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.launcher.demo.AdminApi;
import io.crmsync.launcher.demo.DemoSync;
import io.crmsync.launcher.postgres.DatabaseServer;
import io.crmsync.launcher.process.SecretFile;
import io.crmsync.launcher.process.ServiceSpec;
import io.crmsync.launcher.process.ServiceSupervisor;
import io.crmsync.launcher.process.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `crmsync up`: the platform on this machine, with a demo sync, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start PostgreSQL (if needed) and the four services, run a demo sync, wait for Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "5000", description = "Contacts in the demo source (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--no-demo", description = "Start the platform without creating the demo.")
    boolean noDemo;

    @Option(names = "--exit", description = "Stop everything after the demo instead of waiting for Ctrl-C.")
    boolean exitAfterDemo;

    @Option(names = "--embedded-postgres", description = "Use an embedded PostgreSQL even when one is reachable.")
    boolean embeddedPostgres;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("crmsync.root", ".")).toAbsolutePath().normalize();
        CountDownLatch stopped = new CountDownLatch(1);
        try (DatabaseServer db = DatabaseServer.locate(embeddedPostgres);
                ServiceSupervisor supervisor = new ServiceSupervisor(root.resolve(".crmsync/logs"));
                CrmEmulator crm = CrmEmulator.start(0)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("\nstopping crmsync ...");
                supervisor.close();
                closeQuietly(db);
                stopped.countDown();
            }));
            System.out.println("PostgreSQL: " + db.origin() + " at " + db.server());
            String credentialsKey = SecretFile.readOrCreate(root.resolve(SecretFile.CREDENTIALS_KEY),
                    SecretFile::newCredentialsKey);
            String payloadKey = SecretFile.readOrCreate(root.resolve(SecretFile.EXCEPTION_PAYLOAD_KEY),
                    SecretFile::newCredentialsKey);
            String webhookSecret = SecretFile.readOrCreate(root.resolve(SecretFile.WEBHOOK_SECRET),
                    SecretFile::newAdminToken);
            String adminToken = SecretFile.readOrCreate(root.resolve(SecretFile.ADMIN_TOKEN), SecretFile::newAdminToken);
            Topology topology = Topology.standard(root, db.server(), db.user(), db.password(), credentialsKey,
                    payloadKey, webhookSecret, adminToken);
            for (String database : topology.databases()) {
                db.ensureDatabase(database);
            }
            System.out.println("starting config-service, scheduler-service, transfer-worker, exception-service"
                    + " (logs in " + root.relativize(root.resolve(".crmsync/logs")) + "/) ...");
            supervisor.startAll(topology.services());
            printUrls(topology);
            // The CRMs of the demo: the project's emulator, in this process (a real CRM is not reachable here).
            String demoSecret = SecretFile.newAdminToken();
            crm.salesforce().credentials(DemoSync.CLIENT_ID, demoSecret);
            crm.hubspot().privateAppToken(demoSecret);
            System.out.println("  CRM emulator      " + crm.baseUrl() + "  (Salesforce REST under /services, HubSpot"
                    + " CRM v3 under /crm/v3)");
            if (!noDemo) {
                new DemoSync(db, new AdminApi(topology.configApi(), topology.adminToken()), crm, demoSecret,
                        System.out).run(rows);
            }
            if (exitAfterDemo) {
                return 0;
            }
            System.out.println("\ncrmsync is up. Press Ctrl-C to stop.");
            stopped.await();
        }
        return 0;
    }

    private static void closeQuietly(DatabaseServer db) {
        try {
            db.close();
        } catch (Exception e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
        }
    }

    private static void printUrls(Topology topology) {
        String api = topology.configApi();
        System.out.println("ready:");
        System.out.println("  admin REST API  " + api + "/api/v1  (integrations, endpoints, runs, exceptions)");
        System.out.println("  OpenAPI         " + api + "/q/openapi   Swagger UI " + api + "/q/swagger-ui");
        // The user's own terminal: the token is printed so that Swagger UI's Authorize button can take it.
        // The token itself is a secret: terminals get scrolled back and CI keeps output, so only its file is named.
        System.out.println("  admin token     in " + SecretFile.ADMIN_TOKEN + " (every role; readable by you only)");
        System.out.println("  try             curl -H \"Authorization: Bearer $(cat " + SecretFile.ADMIN_TOKEN + ")\" "
                + api + "/api/v1/integrations");
        for (ServiceSpec spec : topology.services()) {
            System.out.printf("  %-17s health http://localhost:%d/q/health%n", spec.name(), spec.httpPort());
        }
    }
}
