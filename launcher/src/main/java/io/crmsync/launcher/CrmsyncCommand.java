package io.crmsync.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of `bin/crmsync`. */
@Command(name = "crmsync", mixinStandardHelpOptions = true, version = "crmsync 0.1.0",
        description = "Keeps a company's systems and its CRMs in step.",
        subcommands = { UpCommand.class })
public final class CrmsyncCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new CrmsyncCommand()).execute(args));
    }
}
