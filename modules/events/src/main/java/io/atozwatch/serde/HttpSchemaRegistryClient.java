package io.atozwatch.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * A {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, using only the
 * JDK's {@link HttpClient} and Jackson. The same client works against Confluent Schema Registry,
 * Karapace, Redpanda and Apicurio Registry's compatible API (base URL
 * {@code http://host:8080/apis/ccompat/v7}).
 *
 * <p>Several base URLs may be given; a request that cannot reach one (connection refused, connect
 * or request timeout, any I/O failure) is retried on the next, and the URL that answered last is
 * tried first next time. An HTTP answer, even an error, is never retried elsewhere.
 *
 * <p>Ids by (subject, schema) and schemas by id are cached, as they never change in a registry.
 * Thread-safe; one JDK HttpClient per connect timeout is shared by all instances, since the serde
 * creates one client per serializer and deserializer and Kafka Streams one serde per task.
 *
 * <p>Configuration (all optional), with Confluent's key names where Confluent has one:
 * <ul>
 *   <li>{@value #BASIC_AUTH_CREDENTIALS_SOURCE}: {@code USER_INFO} (take {@value #BASIC_AUTH_USER_INFO},
 *       or its older name {@value #SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}, as {@code user:password}) or
 *       {@code URL} (Confluent's default: take the credentials from {@code http://user:password@host}).
 *       When the source is not set but a user info is, the user info is used.</li>
 *   <li>{@value #REQUEST_TIMEOUT_MS_CONFIG}: how long one request may take, default {@value #DEFAULT_TIMEOUT_MS}.</li>
 *   <li>{@value #CONNECT_TIMEOUT_MS_CONFIG}: how long connecting may take, default {@value #DEFAULT_TIMEOUT_MS}.</li>
 *   <li>TLS for {@code https://} URLs, Confluent's keys: {@value #SSL_TRUSTSTORE_LOCATION} (the CAs to trust, else
 *       the JDK's), {@value #SSL_TRUSTSTORE_PASSWORD}, {@value #SSL_TRUSTSTORE_TYPE} (default {@code PKCS12});
 *       for client certificates {@value #SSL_KEYSTORE_LOCATION}, {@value #SSL_KEYSTORE_PASSWORD},
 *       {@value #SSL_KEYSTORE_TYPE}, {@value #SSL_KEY_PASSWORD} (default: the keystore's password);
 *       {@value #SSL_PROTOCOL} (default {@code TLS}). The host name is always verified against the certificate.</li>
 * </ul>
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    public static final int DEFAULT_TIMEOUT_MS = 10_000;
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String SSL_PROTOCOL = "schema.registry.ssl.protocol";

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private static final String SOURCE_URL = "URL";
    private static final String SOURCE_USER_INFO = "USER_INFO";
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    BASIC_AUTH_CREDENTIALS_SOURCE,
                    Type.STRING,
                    SOURCE_URL,
                    Importance.MEDIUM,
                    "Where the registry's basic-auth credentials come from: URL (user info in the URL) or USER_INFO.")
            .define(
                    BASIC_AUTH_USER_INFO,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "user:password for basic auth when basic.auth.credentials.source is USER_INFO.")
            .define(
                    SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Older name of basic.auth.user.info.")
            .define(
                    REQUEST_TIMEOUT_MS_CONFIG,
                    Type.LONG,
                    (long) DEFAULT_TIMEOUT_MS,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Milliseconds one request to the registry may take, answer included.")
            .define(
                    CONNECT_TIMEOUT_MS_CONFIG,
                    Type.LONG,
                    (long) DEFAULT_TIMEOUT_MS,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Milliseconds connecting to the registry may take.")
            .define(
                    SSL_TRUSTSTORE_LOCATION,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "Trust store holding the CAs to trust for https:// registry URLs (else the JDK's).")
            .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the trust store.")
            .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Trust store type: PKCS12 or JKS.")
            .define(
                    SSL_KEYSTORE_LOCATION,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "Key store with the client certificate, for registries that require one.")
            .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the key store.")
            .define(SSL_KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Key store type: PKCS12 or JKS.")
            .define(
                    SSL_KEY_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Password of the private key in the key store; default the key store's password.")
            .define(SSL_PROTOCOL, Type.STRING, "TLS", Importance.LOW, "The SSLContext protocol, e.g. TLSv1.3.");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentMap<Transport, HttpClient> TRANSPORTS = new ConcurrentHashMap<>();

    private final List<String> baseUrls;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final AtomicInteger preferred = new AtomicInteger();
    private final Map<SubjectText, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** @param urls one or more comma-separated base URLs; default timeouts, no authentication */
    public HttpSchemaRegistryClient(String urls) {
        this(List.of(urls.split(",")), Map.of());
    }

    /**
     * @param urls base URLs, e.g. {@code http://registry:8081} or {@code http://apicurio:8080/apis/ccompat/v7}
     * @param configs the serde's configs; see the class comment for the keys read here
     * @throws ConfigException on a malformed URL or configuration value
     */
    public HttpSchemaRegistryClient(List<String> urls, Map<String, ?> configs) {
        Map<String, Object> parsed = DEFINITION.parse(configs);
        List<String> bases = new ArrayList<>();
        String urlUserInfo = null;
        for (String raw : urls) {
            String url = raw.trim();
            if (url.isEmpty()) {
                continue;
            }
            URI uri = parseUrl(url);
            if (uri.getRawUserInfo() != null) {
                urlUserInfo = urlUserInfo != null ? urlUserInfo : uri.getUserInfo();
                int authority = url.indexOf("://") + 3;
                url = url.substring(0, authority)
                        + url.substring(authority + uri.getRawUserInfo().length() + 1);
            }
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            bases.add(url);
        }
        if (bases.isEmpty()) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, urls, "at least one URL is required");
        }
        this.baseUrls = List.copyOf(bases);
        this.authorization = authorization(configs, parsed, urlUserInfo);
        this.requestTimeout = Duration.ofMillis((Long) parsed.get(REQUEST_TIMEOUT_MS_CONFIG));
        this.http = TRANSPORTS.computeIfAbsent(
                new Transport(Duration.ofMillis((Long) parsed.get(CONNECT_TIMEOUT_MS_CONFIG)), TlsSettings.of(parsed)),
                transport -> {
                    HttpClient.Builder builder = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(transport.connect())
                            .followRedirects(HttpClient.Redirect.NEVER);
                    if (transport.tls() != null) {
                        builder.sslContext(transport.tls().context());
                    }
                    return builder.build();
                });
    }

    /** The base URLs, without credentials or trailing slash, in the order given. */
    public List<String> baseUrls() {
        return baseUrls;
    }

    @Override
    public int register(String subject, Schema schema) {
        String text = Objects.requireNonNull(schema, "schema").toString();
        SubjectText key = new SubjectText(Objects.requireNonNull(subject, "subject"), text);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        String path = subjectPath(subject) + "/versions";
        Answer answer = send("POST", path, schemaBody(text));
        if (!answer.ok()) {
            throw registerError(answer, subject, schema);
        }
        int id = intField(answer, "POST", path, "id");
        remember(key, id, text);
        return id;
    }

    @Override
    public int getId(String subject, Schema schema) {
        String text = Objects.requireNonNull(schema, "schema").toString();
        SubjectText key = new SubjectText(Objects.requireNonNull(subject, "subject"), text);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        String path = subjectPath(subject);
        Answer answer = send("POST", path, schemaBody(text));
        if (!answer.ok()) {
            RegistryError error = RegistryError.of(answer);
            String what = switch (error.code) {
                case SchemaRegistryException.SUBJECT_NOT_FOUND ->
                    "Subject '" + subject + "' not found, so schema " + schema.getFullName()
                            + " is not registered under it";
                case SchemaRegistryException.SCHEMA_NOT_FOUND ->
                    "Schema " + schema.getFullName() + " is not registered under subject '" + subject + "'";
                default -> "Could not look up schema " + schema.getFullName() + " under subject '" + subject + "'";
            };
            throw error.exception(what, answer, "POST", path);
        }
        int id = intField(answer, "POST", path, "id");
        remember(key, id, text);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        Answer answer = send("GET", path, null);
        if (!answer.ok()) {
            RegistryError error = RegistryError.of(answer);
            String what = answer.status == 404 ? "No schema with id " + id : "Could not fetch the schema with id " + id;
            throw error.exception(what, answer, "GET", path);
        }
        JsonNode body = json(answer, "GET", path);
        requireAvro(body, answer, "schema id " + id);
        Schema schema = parseSchema(textField(body, answer, "GET", path, "schema"), answer, "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(String subject) {
        String path = subjectPath(Objects.requireNonNull(subject, "subject")) + "/versions/latest";
        Answer answer = send("GET", path, null);
        if (!answer.ok()) {
            RegistryError error = RegistryError.of(answer);
            String what = error.code == SchemaRegistryException.SUBJECT_NOT_FOUND
                    ? "Subject '" + subject + "' not found"
                    : "Could not fetch the latest version of subject '" + subject + "'";
            throw error.exception(what, answer, "GET", path);
        }
        JsonNode body = json(answer, "GET", path);
        requireAvro(body, answer, "the latest schema of subject '" + subject + "'");
        int id = intField(body, answer, "GET", path, "id");
        int version = intField(body, answer, "GET", path, "version");
        Schema schema = schemasById.get(id);
        if (schema == null) {
            schema = parseSchema(textField(body, answer, "GET", path, "schema"), answer, "schema id " + id);
            Schema raced = schemasById.putIfAbsent(id, schema);
            schema = raced != null ? raced : schema;
        }
        return new SchemaMetadata(id, version, schema);
    }

    @Override
    public List<String> getAllSubjects() {
        Answer answer = send("GET", "/subjects", null);
        if (!answer.ok()) {
            throw RegistryError.of(answer).exception("Could not list the subjects", answer, "GET", "/subjects");
        }
        JsonNode body = json(answer, "GET", "/subjects");
        if (!body.isArray()) {
            throw unexpected(answer, "GET", "/subjects", "expected a JSON array of subject names");
        }
        List<String> subjects = new ArrayList<>();
        body.forEach(node -> subjects.add(node.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + baseUrls;
    }

    /** A path segment percent-encoded for any subject name: spaces as %20 (not +), '/' as %2F. */
    static String encodePathSegment(String segment) {
        String encoded = URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
        // "." and ".." would be taken as relative path steps
        return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encodePathSegment(subject);
    }

    private void remember(SubjectText key, int id, String text) {
        ids.putIfAbsent(key, id);
        // a fresh parse, as a reader would get it from the registry, not the caller's (mutable) instance
        schemasById.computeIfAbsent(id, i -> new Schema.Parser().parse(text));
    }

    private SchemaRegistryException registerError(Answer answer, String subject, Schema schema) {
        RegistryError error = RegistryError.of(answer);
        String path = subjectPath(subject) + "/versions";
        if (answer.status == 409 || error.code == SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
            String level = compatibilityLevel(subject);
            return error.exception(
                    "Schema " + schema.getFullName() + " is incompatible with the latest version of subject '"
                            + subject + "' under the subject's compatibility rule"
                            + (level != null ? " (" + level + ")" : "")
                            + "; it was not registered",
                    answer,
                    "POST",
                    path);
        }
        if (answer.status == 422 || error.code == SchemaRegistryException.INVALID_SCHEMA) {
            return error.exception(
                    "Schema " + schema.getFullName() + " is invalid for the registry (subject '" + subject + "')",
                    answer,
                    "POST",
                    path);
        }
        return error.exception(
                "Could not register schema " + schema.getFullName() + " under subject '" + subject + "'",
                answer,
                "POST",
                path);
    }

    /** The subject's compatibility level for an error message, or null if the registry won't tell. */
    private String compatibilityLevel(String subject) {
        try {
            Answer answer = send("GET", "/config/" + encodePathSegment(subject) + "?defaultToGlobal=true", null);
            if (answer.ok()) {
                JsonNode level = JSON.readTree(answer.body).path("compatibilityLevel");
                return level.isTextual() ? level.asText() : null;
            }
        } catch (RuntimeException | JsonProcessingException e) {
            // only for the message
        }
        return null;
    }

    private static String schemaBody(String schemaText) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schemaText));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode a string as JSON", e);
        }
    }

    /** Sends one request, trying each base URL in turn until one answers; any HTTP status counts as an answer. */
    private Answer send(String method, String path, String jsonBody) {
        int count = baseUrls.size();
        int start = preferred.get();
        List<String> failures = new ArrayList<>();
        List<IOException> causes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = (start + i) % count;
            String base = baseUrls.get(index);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(requestTimeout)
                    .header("Accept", ACCEPT);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (jsonBody != null) {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
            } else {
                request.method(method, BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response =
                        http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (index != start) {
                    preferred.compareAndSet(start, index);
                }
                return new Answer(base, response.statusCode(), response.body() == null ? "" : response.body());
            } catch (IOException e) {
                failures.add(base + " cannot be reached (" + describe(e) + ")");
                causes.add(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "Interrupted while calling the schema registry at " + base + " (" + method + " " + path + ")",
                        e);
            }
        }
        String message = count == 1
                ? "Schema registry at " + failures.get(0)
                : "None of the schema registry's " + count + " URLs can be reached: " + String.join(", ", failures);
        SchemaRegistryException e =
                new SchemaRegistryException(message + " [" + method + " " + path + "]", causes.get(0));
        causes.subList(1, causes.size()).forEach(e::addSuppressed);
        throw e;
    }

    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within "
                    + http.connectTimeout().map(Duration::toMillis).orElse(0L) + " ms, " + CONNECT_TIMEOUT_MS_CONFIG;
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + requestTimeout.toMillis() + " ms, " + REQUEST_TIMEOUT_MS_CONFIG;
        }
        // the JDK's client often throws a bare ConnectException whose cause holds the message, if any
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        boolean said = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank() && text.indexOf(t.getMessage()) < 0) {
                text.append(": ").append(t.getMessage());
                said = true;
            }
        }
        if (!said && e instanceof ConnectException) {
            text.append(": connection refused, or host unknown or unreachable");
        }
        return text.toString();
    }

    private static URI parseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url, "not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url, "expected an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url, "no host in the URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url, "a base URL takes no query or fragment");
        }
        return uri;
    }

    private static String authorization(Map<String, ?> configs, Map<String, Object> parsed, String urlUserInfo) {
        String source =
                ((String) parsed.get(BASIC_AUTH_CREDENTIALS_SOURCE)).trim().toUpperCase(Locale.ROOT);
        String userInfo = password(parsed, BASIC_AUTH_USER_INFO);
        String userInfoKey = BASIC_AUTH_USER_INFO;
        if (userInfo == null) {
            userInfo = password(parsed, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
            userInfoKey = SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO;
        }
        String credentials;
        if (source.equals(SOURCE_USER_INFO)) {
            if (userInfo == null) {
                throw new ConfigException(
                        BASIC_AUTH_USER_INFO,
                        null,
                        "required (as user:password) when " + BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO");
            }
            credentials = userInfo;
        } else if (!source.equals(SOURCE_URL)) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported sources are USER_INFO and URL");
        } else if (urlUserInfo != null) {
            credentials = urlUserInfo;
            userInfoKey = AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG;
        } else if (configs.get(BASIC_AUTH_CREDENTIALS_SOURCE) == null) {
            // URL is only the default here: a user info given without a source is surely meant to be used
            credentials = userInfo;
        } else {
            credentials = null;
        }
        if (credentials == null) {
            return null;
        }
        if (credentials.indexOf(':') < 0) {
            // the value is a secret: not in the message
            throw new ConfigException(
                    userInfoKey, "[hidden]", "basic auth credentials must have the form user:password");
        }
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String password(Map<String, Object> parsed, String key) {
        Password value = (Password) parsed.get(key);
        return value == null || value.value().isBlank() ? null : value.value().trim();
    }

    private static JsonNode json(Answer answer, String method, String path) {
        try {
            return JSON.readTree(answer.body);
        } catch (JsonProcessingException e) {
            throw unexpected(answer, method, path, "not JSON", e);
        }
    }

    private static int intField(Answer answer, String method, String path, String field) {
        return intField(json(answer, method, path), answer, method, path, field);
    }

    private static int intField(JsonNode body, Answer answer, String method, String path, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw unexpected(answer, method, path, "no integer \"" + field + "\"");
        }
        return node.intValue();
    }

    private static String textField(JsonNode body, Answer answer, String method, String path, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw unexpected(answer, method, path, "no string \"" + field + "\"");
        }
        return node.asText();
    }

    private static void requireAvro(JsonNode body, Answer answer, String what) {
        JsonNode type = body.get("schemaType");
        if (type != null && type.isTextual() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw new SchemaRegistryException(
                    "The registry at " + answer.baseUrl + " holds a " + type.asText() + " schema as " + what
                            + ", not an Avro one",
                    answer.status,
                    SchemaRegistryException.NONE);
        }
    }

    private static Schema parseSchema(String text, Answer answer, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(
                    "The registry at " + answer.baseUrl + " returned " + what + " that is not a valid Avro schema: "
                            + e.getMessage(),
                    answer.status,
                    SchemaRegistryException.NONE,
                    e);
        }
    }

    private static SchemaRegistryException unexpected(Answer answer, String method, String path, String problem) {
        return unexpected(answer, method, path, problem, null);
    }

    private static SchemaRegistryException unexpected(
            Answer answer, String method, String path, String problem, Throwable cause) {
        return new SchemaRegistryException(
                "Unexpected answer from the schema registry at " + answer.baseUrl + " to " + method + " " + path
                        + " (HTTP " + answer.status + ", " + problem + "): " + abbreviate(answer.body),
                answer.status,
                SchemaRegistryException.NONE,
                cause);
    }

    private static String abbreviate(String text) {
        String flat = text.strip();
        return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private record Answer(String baseUrl, int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The registry's error body: {"error_code": N, "message": "..."}, or whatever text came instead. */
    private record RegistryError(int code, String message) {

        static RegistryError of(Answer answer) {
            try {
                JsonNode body = JSON.readTree(answer.body);
                if (body != null && body.isObject()) {
                    JsonNode code = body.get("error_code");
                    JsonNode message = body.get("message");
                    return new RegistryError(
                            code != null && code.canConvertToInt() ? code.asInt() : SchemaRegistryException.NONE,
                            message != null && !message.isNull() ? message.asText() : abbreviate(answer.body));
                }
            } catch (JsonProcessingException e) {
                // not JSON: a proxy's or servlet container's error page
            }
            return new RegistryError(SchemaRegistryException.NONE, abbreviate(answer.body));
        }

        SchemaRegistryException exception(String what, Answer answer, String method, String path) {
            String codes =
                    "HTTP " + answer.status + (code != SchemaRegistryException.NONE ? ", error_code " + code : "");
            String said = message == null || message.isEmpty() ? "" : ": " + message;
            return new SchemaRegistryException(
                    what + " (schema registry at " + answer.baseUrl + ", " + method + " " + path + ", " + codes + ")"
                            + said,
                    answer.status,
                    code);
        }
    }

    private record SubjectText(String subject, String schemaText) {}

    /** One shared JDK client per connect timeout and TLS settings. */
    private record Transport(Duration connect, TlsSettings tls) {}

    /** The TLS settings given, or null when none are: the JDK's default context then serves https. */
    private record TlsSettings(
            String protocol,
            String trustStore,
            String trustStoreType,
            String trustStorePassword,
            String keyStore,
            String keyStoreType,
            String keyStorePassword,
            String keyPassword) {

        static TlsSettings of(Map<String, Object> parsed) {
            String trustStore = (String) parsed.get(SSL_TRUSTSTORE_LOCATION);
            String keyStore = (String) parsed.get(SSL_KEYSTORE_LOCATION);
            if (trustStore == null && keyStore == null && "TLS".equals(parsed.get(SSL_PROTOCOL))) {
                return null;
            }
            TlsSettings settings = new TlsSettings(
                    (String) parsed.get(SSL_PROTOCOL),
                    trustStore,
                    (String) parsed.get(SSL_TRUSTSTORE_TYPE),
                    password(parsed, SSL_TRUSTSTORE_PASSWORD),
                    keyStore,
                    (String) parsed.get(SSL_KEYSTORE_TYPE),
                    password(parsed, SSL_KEYSTORE_PASSWORD),
                    password(parsed, SSL_KEY_PASSWORD));
            settings.context(); // a bad store is a configuration error now, not at the first request
            return settings;
        }

        SSLContext context() {
            try {
                TrustManagerFactory trust = null;
                if (trustStore != null) {
                    trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    trust.init(load(SSL_TRUSTSTORE_LOCATION, trustStore, trustStoreType, trustStorePassword));
                }
                KeyManagerFactory keys = null;
                if (keyStore != null) {
                    keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    String key = keyPassword != null ? keyPassword : keyStorePassword;
                    keys.init(
                            load(SSL_KEYSTORE_LOCATION, keyStore, keyStoreType, keyStorePassword),
                            key == null ? null : key.toCharArray());
                }
                SSLContext context = SSLContext.getInstance(protocol);
                context.init(
                        keys == null ? null : keys.getKeyManagers(),
                        trust == null ? null : trust.getTrustManagers(),
                        null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new ConfigException("Cannot set up TLS for the schema registry: " + e.getMessage());
            }
        }

        private static KeyStore load(String key, String location, String type, String password) {
            try (InputStream in = Files.newInputStream(Path.of(location))) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, password == null ? null : password.toCharArray());
                return store;
            } catch (IOException | GeneralSecurityException e) {
                // the message names the file and the problem (e.g. a wrong password), never the password
                throw new ConfigException(key, location, "cannot read this " + type + " store: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "TlsSettings[" + protocol + ", trustStore=" + trustStore + ", keyStore=" + keyStore + "]";
        }
    }
}
