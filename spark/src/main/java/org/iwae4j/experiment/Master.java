package org.iwae4j.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.iwae4j.common.UserError;

/**
 * Bounded waits on a Spark cluster: a master nobody answers at is reported before Spark starts
 * (Spark itself retries for about a minute and prints its stack traces), and a job that no
 * executor serves, or whose context Spark has stopped, ends the command instead of waiting forever.
 */
final class Master {
    /** How long to try to connect to a master. */
    static final int CONNECT_SECONDS = 10;

    private Master() {}

    /** How long a job may go without any executor before the command gives up. */
    static int executorWaitSeconds() {
        return Integer.getInteger("iwae.executor.wait.seconds", 120);
    }

    /**
     * Connects to each host:port of a {@code spark://} URL (several for a standby master); other
     * masters (local, yarn, k8s) are left to Spark.
     *
     * @throws UserError naming the master and the reason when none answers
     */
    static void checkReachable(String url) {
        if (url == null || !url.startsWith("spark://")) {
            return;
        }
        List<String> reasons = new ArrayList<>();
        for (String address : url.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UserError("--master " + url + ": '" + address.substring(colon + 1) + "' is not a port");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_SECONDS * 1000);
                return;
            } catch (UnknownHostException e) {
                reasons.add(host + ": unknown host");
            } catch (IOException e) {
                reasons.add(host + ":" + port + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()));
            }
        }
        throw new UserError("--master " + url + ": cannot reach the Spark master (" + String.join("; ", reasons)
                + "); is it running?");
    }

    /**
     * Waits for a job, polling each second: the job's own failure, a context Spark has stopped (a
     * master that went away) and, on a cluster, no executor for {@link #executorWaitSeconds} each
     * end the wait with one line.
     */
    static <T> T await(JavaSparkContext sc, JavaFutureAction<T> job, String master) {
        String where = master == null ? "Spark local mode" : "--master " + master;
        long lastExecutor = System.nanoTime();
        while (true) {
            try {
                return job.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // still running: check on it below
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new UserError(where + ": the Spark job failed: " + SparkExperiment.firstLine(cause.getMessage()),
                        cause);
            } catch (InterruptedException e) {
                job.cancel(true);
                Thread.currentThread().interrupt();
                throw new UserError(where + ": interrupted");
            }
            if (sc.sc().isStopped()) {
                job.cancel(true);
                throw new UserError(where + ": Spark stopped the job (the master or the driver went away)");
            }
            if (master != null) {
                if (sc.sc().statusTracker().getExecutorInfos().length > 1) { // the driver is listed too
                    lastExecutor = System.nanoTime();
                } else if (System.nanoTime() - lastExecutor > executorWaitSeconds() * 1_000_000_000L) {
                    job.cancel(true);
                    throw new UserError(where + ": no executor for " + executorWaitSeconds() + " s (are workers"
                            + " registered with the master, with the cores --threads asks for and 1g of memory free?)");
                }
            }
        }
    }
}
