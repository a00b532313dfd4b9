# The atoz-watch images. Build the jars first (mvn -B package -DskipTests), then `docker compose up --build`.
# Two targets: `service` (the default, last below) is the production image, the lean atoz-watch-service.jar
# (run, topics, the query API and dashboard); `tools` adds demo, generate, replay, bench and the embedded broker
# (atoz-watch.jar), for the compose setup's traffic generator and for experiments. Both run as a non-root user.

FROM eclipse-temurin:17-jre AS tools
RUN groupadd --system --gid 10001 atoz && useradd --system --uid 10001 --gid atoz --no-create-home atoz
WORKDIR /app
COPY modules/app/target/atoz-watch.jar /app/atoz-watch.jar
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/atoz-watch.jar"]
CMD ["--help"]

FROM eclipse-temurin:17-jre AS service
RUN groupadd --system --gid 10001 atoz && useradd --system --uid 10001 --gid atoz --no-create-home atoz \
    && mkdir -p /var/lib/atoz-watch && chown atoz:atoz /var/lib/atoz-watch
WORKDIR /app
COPY modules/service/target/atoz-watch-service.jar /app/atoz-watch-service.jar
# State stores live here; mount a volume to keep them across restarts (faster recovery than the changelogs).
VOLUME /var/lib/atoz-watch
EXPOSE 8080
USER 10001:10001
# Liveness as the orchestrator sees it (503 when stream threads keep dying or a partition is stuck); bash's
# /dev/tcp, as the JRE image has no HTTP client. Assumes the default HTTP port (ATOZ_HTTP_PORT=8080).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /health/live HTTP/1.0\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/atoz-watch-service.jar"]
CMD ["--help"]
