# The atoz-watch image: build the jar first (mvn -B package -DskipTests), then `docker compose up --build`.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY modules/app/target/atoz-watch.jar /app/atoz-watch.jar
# State stores live here; mount a volume to keep them across restarts (faster recovery than the changelogs).
VOLUME /var/lib/atoz-watch
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/atoz-watch.jar"]
CMD ["--help"]
