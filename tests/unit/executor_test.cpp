// Runs real pipelines of test plugins through the executor and checks what
// users rely on: every document accounted for, failures isolated and recorded,
// order kept when asked, memory bounded under a slow sink, a clean stop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "errors.hpp"
#include "executor.hpp"
#include "pipeline.hpp"
#include "test_support.hpp"

using namespace docpipe;
using ::testing::HasSubstr;

namespace {

struct Line {
  std::string id;
  int status;
  std::string stage;
  std::string message;
};

std::vector<Line> collected(const std::string& path) {
  std::vector<Line> out;
  for (const auto& l : test::read_lines(path)) {
    Line x;
    size_t a = l.find('\t'), b = l.find('\t', a + 1), c = l.find('\t', b + 1);
    x.id = l.substr(0, a);
    x.status = std::stoi(l.substr(a + 1, b - a - 1));
    x.stage = l.substr(b + 1, c - b - 1);
    x.message = l.substr(c + 1);
    out.push_back(x);
  }
  return out;
}

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override { registry_.load({{DOCPIPE_TEST_PLUGIN_DIR, "test"}}); }

  // The one-line form with the collect sink writing out.tsv and errors going to errors.tsv.
  Pipeline pipeline(const std::string& chain, bool ordered = false) {
    PipelineSpec spec = parse_pipeline_inline(chain + " ! test.collect path=" + (dir_ / "out.tsv"));
    spec.ordered = ordered;
    spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", dir_ / "errors.tsv", ""}}, {}, {}, 0});
    return resolve_pipeline(spec, registry_, {});
  }
  RunStats run(const Pipeline& p, unsigned threads = 2, RunOptions o = {}) {
    o.threads = threads;
    return run_pipeline(p, o);
  }
  std::vector<Line> out() { return collected(dir_ / "out.tsv"); }
  std::vector<Line> errors() { return collected(dir_ / "errors.tsv"); }

  PluginRegistry registry_;
  test::TempDir dir_;
};

}  // namespace

TEST_F(ExecutorTest, EveryDocumentIsCountedExactlyOnce) {
  RunStats s = run(pipeline("test.counter count=100 fail_every=10 ! test.text ! test.misbehave every=7 action=drop"), 3);
  EXPECT_EQ(s.read, 100u);
  // Source fails 10 (k+1 divisible by 10); of the other 90, sequences k with (k+1)%7==0 are dropped.
  uint64_t dropped = 0;
  for (int k = 0; k < 100; ++k)
    if ((k + 1) % 10 != 0 && (k + 1) % 7 == 0) ++dropped;
  EXPECT_EQ(s.failed, 10u);
  EXPECT_EQ(s.dropped, dropped);
  EXPECT_EQ(s.ok, 100u - 10u - dropped);
  EXPECT_EQ(s.read, s.ok + s.dropped + s.failed);
  EXPECT_EQ(out().size(), s.ok);
  auto errs = errors();
  ASSERT_EQ(errs.size(), 10u);
  EXPECT_EQ(errs[0].stage, "test.counter#0");
  EXPECT_EQ(errs[0].message, "source failed on purpose");
  EXPECT_EQ(errs[0].status, DP_DOCUMENT_ERROR);
}

TEST_F(ExecutorTest, ExceptionsAndBadAllocFailOnlyTheirDocument) {
  for (std::string action : {"throw", "bad_alloc", "error"}) {
    RunStats s = run(pipeline("test.counter count=20 ! test.text ! test.misbehave every=4 action=" + action), 2);
    EXPECT_EQ(s.failed, 5u) << action;
    EXPECT_EQ(s.ok, 15u) << action;
    EXPECT_TRUE(s.fatal_error.empty()) << action;
    auto errs = errors();
    ASSERT_EQ(errs.size(), 5u) << action;
    EXPECT_EQ(errs[0].stage, "test.misbehave#0");
    std::string expected = action == "throw"       ? "thrown on purpose"
                           : action == "bad_alloc" ? "out of memory (std::bad_alloc)"
                                                   : "failed on purpose";
    EXPECT_EQ(errs[0].message, expected);
  }
}

TEST_F(ExecutorTest, ComponentErrorStopsTheRunButLosesNothing) {
  RunStats s = run(pipeline("test.counter count=-1 ! test.text ! test.misbehave every=50 action=component_error"), 2);
  EXPECT_THAT(s.fatal_error, HasSubstr("test.misbehave#0: broken on purpose"));
  EXPECT_GE(s.read, 50u);
  EXPECT_EQ(s.read, s.ok + s.dropped + s.failed);
  EXPECT_EQ(out().size(), s.ok);
  EXPECT_EQ(errors().size(), s.failed);
}

TEST_F(ExecutorTest, SourceComponentErrorStops) {
  RunStats s = run(pipeline("test.counter count=100 component_error_at=30 ! test.text"), 2);
  EXPECT_THAT(s.fatal_error, HasSubstr("counter broke at 30"));
  EXPECT_EQ(s.read, 30u);
  EXPECT_EQ(s.ok, 30u);
}

TEST_F(ExecutorTest, OrderedRunsKeepSourceOrder) {
  RunStats s = run(pipeline("test.counter count=300 ! test.text ! test.jitter max=2ms", true), 4);
  ASSERT_EQ(s.ok, 300u);
  auto lines = out();
  ASSERT_EQ(lines.size(), 300u);
  for (size_t i = 0; i < lines.size(); ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "doc-%05zu", i);
    ASSERT_EQ(lines[i].id, id) << "at " << i;
  }
  EXPECT_LE(s.order_window, 2 * s.input_queue.max_items + 4);
}

TEST_F(ExecutorTest, UnorderedRunsDeliverEveryDocument) {
  RunStats s = run(pipeline("test.counter count=300 ! test.text ! test.jitter max=2ms"), 4);
  std::set<std::string> ids;
  for (const auto& l : out()) ids.insert(l.id);
  EXPECT_EQ(ids.size(), 300u);
  EXPECT_EQ(s.ok, 300u);
}

TEST_F(ExecutorTest, SlowSinkBackpressureBoundsQueues) {
  // 4 KiB documents into queues of 8 documents: a sink taking 1 ms each must
  // hold the reader back instead of letting 400 documents pile up.
  RunOptions o;
  o.queue_docs = 8;
  o.queue_bytes = 1 << 20;
  PipelineSpec spec = parse_pipeline_inline("test.counter count=400 size=4KiB ! test.text ! test.collect delay=1ms path=" + (dir_ / "out.tsv"));
  spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", dir_ / "errors.tsv", ""}}, {}, {}, 0});
  Pipeline p = resolve_pipeline(spec, registry_, {});
  RunStats s = run(p, 2, o);
  EXPECT_EQ(s.ok, 400u);
  EXPECT_EQ(s.input_queue.max_items, 8u);
  EXPECT_LE(s.input_queue.peak_items, 8u);
  EXPECT_LE(s.output_queue.peak_items, 8u);
  EXPECT_LE(s.output_queue.peak_bytes, s.output_queue.max_bytes);
  EXPECT_GT(s.output_queue.pushes_blocked + s.input_queue.pushes_blocked, 0u);
}

TEST_F(ExecutorTest, ByteLimitBoundsQueuesOfBigDocuments) {
  RunOptions o;
  o.queue_docs = 1000;
  o.queue_bytes = 2 << 20;  // 1 MiB per queue: at most a few 300 KiB documents
  PipelineSpec spec = parse_pipeline_inline("test.counter count=60 size=300KiB ! test.text ! test.collect delay=1ms path=" + (dir_ / "out.tsv"));
  spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", dir_ / "errors.tsv", ""}}, {}, {}, 0});
  RunStats s = run(resolve_pipeline(spec, registry_, {}), 2, o);
  EXPECT_EQ(s.ok, 60u);
  EXPECT_LE(s.input_queue.peak_bytes, 1u << 20);
  EXPECT_LE(s.input_queue.peak_items, 4u);
}

TEST_F(ExecutorTest, StopRequestDrainsWhatWasRead) {
  std::atomic<int> stop{0};
  RunOptions o;
  o.stop = &stop;
  std::string ready = dir_ / "ready";
  Pipeline p = pipeline("test.counter count=-1 ready_after=50 ready_file=" + ready + " ! test.text ! test.jitter max=1ms");
  std::thread stopper([&] {
    while (!std::filesystem::exists(ready)) std::this_thread::yield();
    stop = SIGINT;
  });
  RunStats s = run(p, 2, o);
  stopper.join();
  EXPECT_TRUE(s.interrupted);
  EXPECT_GE(s.read, 50u);
  EXPECT_EQ(s.read, s.ok);
  EXPECT_EQ(out().size(), s.read);
}

TEST_F(ExecutorTest, ShardsPartitionTheInput) {
  std::set<std::string> all;
  for (uint32_t i = 0; i < 3; ++i) {
    RunOptions o;
    o.shard_index = i;
    o.shard_count = 3;
    RunStats s = run(pipeline("test.counter count=31 ! test.text"), 2, o);
    for (const auto& l : out()) EXPECT_TRUE(all.insert(l.id).second) << l.id << " twice";
    EXPECT_EQ(s.ok, i == 0 ? 11u : 10u);
  }
  EXPECT_EQ(all.size(), 31u);
}

TEST_F(ExecutorTest, SinkThatCannotStartIsAComponentError) {
  PipelineSpec spec = parse_pipeline_inline("test.counter ! test.collect fail_create=true path=" + (dir_ / "x"));
  spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", dir_ / "errors.tsv", ""}}, {}, {}, 0});
  Pipeline p = resolve_pipeline(spec, registry_, {});
  try {
    run(p);
    FAIL();
  } catch (const ComponentError& e) {
    EXPECT_THAT(e.what(), HasSubstr("test.collect#0: cannot start: refusing to start on purpose"));
  }
}

TEST_F(ExecutorTest, StatsTimeEveryElement) {
  RunStats s = run(pipeline("test.counter count=10 ! test.text"), 2);
  ASSERT_EQ(s.elements.size(), 4u);  // source, stage, sink, errors
  EXPECT_EQ(s.elements[0].name, "test.counter#0");
  EXPECT_EQ(s.elements[0].calls, 11u);  // ten documents and the end
  EXPECT_EQ(s.elements[1].calls, 10u);
  EXPECT_EQ(s.elements[2].calls, 10u);
  EXPECT_EQ(s.elements[3].role, "errors");
  EXPECT_EQ(s.bytes_in, 640u);
  EXPECT_THAT(stats_to_json(s, 0), HasSubstr("\"documents\":{\"read\":10,\"ok\":10,\"dropped\":0,\"failed\":0,\"partial\":0,"));
}

// The same outcomes whether the stages run in the host or in worker processes:
// isolation changes where a failure is contained, not how it is counted.
TEST_F(ExecutorTest, IsolatedStagesGiveTheSameResultsAsInProcess) {
  for (std::string action : {"throw", "bad_alloc", "error", "drop"}) {
    for (bool isolated : {false, true}) {
      RunOptions o;
      o.isolated = isolated;
      RunStats s = run(pipeline("test.counter count=40 ! test.text ! test.misbehave every=4 action=" + action), 2, o);
      SCOPED_TRACE(action + (isolated ? " isolated" : " in-process"));
      EXPECT_EQ(s.isolation, isolated ? "process" : "none");
      EXPECT_EQ(s.read, 40u);
      EXPECT_EQ(s.ok, 30u);
      EXPECT_EQ(action == "drop" ? s.dropped : s.failed, 10u);
      EXPECT_EQ(s.read, s.ok + s.dropped + s.failed + s.partial);
      std::set<std::string> ids;
      for (const auto& l : out()) ids.insert(l.id);
      EXPECT_EQ(ids.size(), 30u);
      EXPECT_EQ(ids.count("doc-00003"), 0u);  // sequence 4 is the first hit
      EXPECT_EQ(ids.count("doc-00004"), 1u);
      if (action != "drop") {
        auto errs = errors();
        ASSERT_EQ(errs.size(), 10u);
        EXPECT_EQ(errs[0].stage, "test.misbehave#0");
      }
    }
  }
}

TEST_F(ExecutorTest, AnIsolatedStageComponentErrorStopsTheRun) {
  RunOptions o;
  o.isolated = true;
  RunStats s = run(pipeline("test.counter count=-1 ! test.text ! test.misbehave every=50 action=component_error"), 2, o);
  EXPECT_THAT(s.fatal_error, HasSubstr("test.misbehave#0: broken on purpose"));
  EXPECT_EQ(s.read, s.ok + s.dropped + s.failed + s.partial);
  EXPECT_EQ(out().size(), s.ok);
}

// A document a sink fails after an earlier sink wrote it is partial, and the
// sinks after the failing one still get it.
TEST_F(ExecutorTest, ASinkFailingADocumentLeavesItPartialAndLaterSinksStillGetIt) {
  PipelineSpec spec = parse_pipeline_inline("test.counter count=12 ! test.text ! test.collect path=" + (dir_ / "a.tsv") +
                                            " ! test.collect path=" + (dir_ / "b.tsv") + " fail_every=4 ! test.collect path=" +
                                            (dir_ / "c.tsv"));
  spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", dir_ / "errors.tsv", ""}}, {}, {}, 0});
  RunStats s = run(resolve_pipeline(spec, registry_, {}), 2);
  EXPECT_EQ(s.read, 12u);
  EXPECT_EQ(s.partial, 3u);
  EXPECT_EQ(s.ok, 9u);
  EXPECT_EQ(s.read, s.ok + s.dropped + s.failed + s.partial);
  EXPECT_EQ(collected(dir_ / "a.tsv").size(), 12u);
  EXPECT_EQ(collected(dir_ / "b.tsv").size(), 9u);
  EXPECT_EQ(collected(dir_ / "c.tsv").size(), 12u);
  auto errs = errors();
  ASSERT_EQ(errs.size(), 3u);
  EXPECT_EQ(errs[0].status, DP_PARTIAL);
  EXPECT_EQ(errs[0].stage, "test.collect#1");
  EXPECT_THAT(errs[0].message, HasSubstr("written by test.collect#0, test.collect#2"));
}

// Documents larger than the shared region as first made: it grows (and moves)
// on both sides, and the worker's view of it must follow.
TEST_F(ExecutorTest, IsolatedStagesCarryDocumentsLargerThanTheSharedRegion) {
  RunOptions o;
  o.isolated = true;
  RunStats s = run(pipeline("test.counter count=6 size=3MiB ! test.text ! test.jitter max=1ms"), 2, o);
  EXPECT_EQ(s.ok, 6u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_EQ(s.bytes_out, 6u * (3u << 20));
  EXPECT_EQ(out().size(), 6u);
}
