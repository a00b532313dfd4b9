# The tools' image: atoz-watch.jar (demo, generate, replay, bench, chaos, the embedded broker, and the production
# commands), for the compose setup's traffic generator and for experiments. Build the jars first
# (mvn -B package -DskipTests), then `docker compose up --build`.
#
# The production image is not built here: `mvn package` makes it without a Docker daemon (Jib, see
# modules/service/pom.xml) as modules/service/target/atoz-watch-image.tar; `docker load -i` it (atoz-watch:latest).

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 atoz && useradd --system --uid 10001 --gid atoz --no-create-home atoz
WORKDIR /app
COPY modules/app/target/atoz-watch.jar /app/atoz-watch.jar
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/atoz-watch.jar"]
CMD ["--help"]
