package io.switchboard.chat.bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * One bot's example phrases in an in-memory Lucene index (one document per phrase; the bot's language's analyzer:
 * stop words and stemming, so "opening hours" finds "when do you open"), searched with Lucene's BM25.
 *
 * <p>Confidence: BM25 scores have no fixed scale, so the best hit's score is divided by the score that phrase gets
 * when it is itself the query (computed by Lucene when the index is built): 1 when the customer's words cover the
 * phrase, less as they cover less of it, 0 when no word is shared. Capped at 1.
 *
 * <p>Immutable once built; {@link #match} is thread-safe (IndexSearcher is). Built off the event loop.
 */
final class IntentIndex {
  static final String INTENT = "intent";
  static final String TEXT = "text";
  /** Longest customer text matched: the rest of a long message is ignored (bounds the query's clauses). */
  static final int MAX_QUERY_CHARS = 500;

  /** The best intent for a text and the confidence of the match (0..1); intent null when nothing matched. */
  record Match(String intent, double confidence) {
    static final Match NONE = new Match(null, 0);
  }

  private final IndexSearcher searcher;
  private final QueryBuilder queries;
  private final String[] intents;
  private final float[] selfScores;

  private IntentIndex(IndexSearcher searcher, Analyzer analyzer, String[] intents, float[] selfScores) {
    this.searcher = searcher;
    this.queries = new QueryBuilder(analyzer);
    this.intents = intents;
    this.selfScores = selfScores;
  }

  /** A phrase of an intent, as indexed. */
  record Phrase(String intent, String text) {}

  static Analyzer analyzer(String language) {
    return "es".equals(language) ? new SpanishAnalyzer() : new EnglishAnalyzer();
  }

  /** Indexes the phrases; blocking (CPU only). */
  static IntentIndex build(String language, List<Phrase> phrases) {
    Analyzer analyzer = analyzer(language);
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    try {
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
        for (Phrase p : phrases) {
          Document d = new Document();
          d.add(new StoredField(INTENT, p.intent()));
          d.add(new TextField(TEXT, p.text(), Field.Store.YES));
          w.addDocument(d);
        }
      }
      IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(dir));
      return selfScored(searcher, analyzer);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory index", e);
    }
  }

  private static IntentIndex selfScored(IndexSearcher searcher, Analyzer analyzer) throws IOException {
    int n = searcher.getIndexReader().maxDoc();
    StoredFields stored = searcher.storedFields();
    QueryBuilder qb = new QueryBuilder(analyzer);
    String[] intents = new String[n];
    float[] self = new float[n];
    for (int doc = 0; doc < n; doc++) {
      Document d = stored.document(doc);
      intents[doc] = d.get(INTENT);
      Query q = qb.createBooleanQuery(TEXT, d.get(TEXT));
      self[doc] = q == null ? 0f : searcher.explain(q, doc).getValue().floatValue();
    }
    return new IntentIndex(searcher, analyzer, intents, self);
  }

  /** The intent whose phrase best matches {@code text}; {@link Match#NONE} when no word is shared. Blocking. */
  Match match(String text) {
    String t = text.length() > MAX_QUERY_CHARS ? text.substring(0, MAX_QUERY_CHARS) : text;
    Query q = queries.createBooleanQuery(TEXT, t);
    if (q == null) {
      return Match.NONE;
    }
    try {
      TopDocs top = searcher.search(q, 5);
      Match best = Match.NONE;
      for (ScoreDoc hit : top.scoreDocs) {
        float self = selfScores[hit.doc];
        double confidence = self <= 0 ? 0 : Math.min(1.0, hit.score / self);
        if (confidence > best.confidence()) {
          best = new Match(intents[hit.doc], confidence);
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory index", e);
    }
  }

  /** Every phrase of {@code spec}'s intents and the built-in ones (asking for a person, saying goodbye). */
  static List<Phrase> phrases(BotSpec spec) {
    List<Phrase> out = new ArrayList<>();
    for (BotSpec.Intent i : spec.intents()) {
      i.phrases().forEach(p -> out.add(new Phrase(i.name(), p)));
    }
    BuiltIns.PERSON_PHRASES.forEach(p -> out.add(new Phrase(BuiltIns.PERSON, p)));
    spec.handoverPhrases().forEach(p -> out.add(new Phrase(BuiltIns.PERSON, p)));
    BuiltIns.DONE_PHRASES.forEach(p -> out.add(new Phrase(BuiltIns.DONE, p)));
    return out;
  }
}
