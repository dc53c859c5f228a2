// The word lists. Written for this project from common style-guide usage;
// each list must stay sorted (checked once at first use).
#include "lang_rules.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace docpipe::segment_sentences {
namespace {

using sv = std::string_view;

constexpr std::array en_titles{
    sv("adm"),  sv("brig"), sv("capt"), sv("cmdr"), sv("col"),  sv("dr"),  sv("drs"),
    sv("ft"),   sv("gen"),  sv("gov"),  sv("hon"),  sv("lt"),   sv("maj"), sv("messrs"),
    sv("mme"),  sv("mr"),   sv("mrs"),  sv("ms"),   sv("msgr"), sv("mt"),  sv("pres"),
    sv("prof"), sv("rep"),  sv("rev"),  sv("sen"),  sv("sgt"),  sv("st"),  sv("supt")};
constexpr std::array en_abbrevs{
    sv("al"),   sv("approx"), sv("apr"),  sv("assn"), sv("aug"), sv("ave"),  sv("blvd"),
    sv("ca"),   sv("cf"),     sv("co"),   sv("corp"), sv("dec"), sv("dept"), sv("dist"),
    sv("est"),  sv("etc"),    sv("ext"),  sv("feb"),  sv("fig"), sv("figs"), sv("fri"),
    sv("govt"), sv("inc"),    sv("intl"), sv("jan"),  sv("jr"),  sv("jul"),  sv("jun"),
    sv("ltd"),  sv("misc"),   sv("mx"),   sv("natl"), sv("no"),  sv("nos"),  sv("nov"),
    sv("oct"),  sv("op"),     sv("orig"), sv("p"),    sv("pp"),  sv("rd"),   sv("ref"),
    sv("sep"),  sv("sept"),   sv("sr"),   sv("tel"),  sv("thu"), sv("tue"),  sv("univ"),
    sv("vol"),  sv("vols"),   sv("vs")};
// Months also join before a day ("Mar. 5"), even those that are English words.
constexpr std::array en_number_prefixes{
    sv("apr"), sv("art"), sv("aug"), sv("ch"),  sv("dec"), sv("feb"),  sv("fig"), sv("jan"),
    sv("jul"), sv("jun"), sv("mar"), sv("no"),  sv("nos"), sv("nov"),  sv("nr"),  sv("n°"),
    sv("oct"), sv("p"),   sv("pp"),  sv("sec"), sv("sep"), sv("sept"), sv("vol")};
constexpr std::array en_starters{
    sv("a"),     sv("after"), sv("all"),   sv("an"),    sv("and"),  sv("are"),   sv("as"),
    sv("at"),    sv("but"),   sv("can"),   sv("could"), sv("did"),  sv("do"),    sv("does"),
    sv("for"),   sv("he"),    sv("her"),   sv("here"),  sv("his"),  sv("how"),   sv("i"),
    sv("if"),    sv("in"),    sv("is"),    sv("it"),    sv("its"),  sv("let"),   sv("my"),
    sv("no"),    sv("now"),   sv("our"),   sv("she"),   sv("so"),   sv("that"),  sv("the"),
    sv("their"), sv("then"),  sv("there"), sv("these"), sv("they"), sv("this"),  sv("those"),
    sv("was"),   sv("we"),    sv("were"),  sv("what"),  sv("when"), sv("where"), sv("which"),
    sv("who"),   sv("why"),   sv("will"),  sv("would"), sv("yes"),  sv("you"),   sv("your")};

// Units, measures and reference words written with a dot in running text.
constexpr std::array en_lower_abbrevs{
    sv("abbr"), sv("adj"),  sv("adv"), sv("appt"), sv("apt"),   sv("assoc"), sv("avg"), sv("bldg"),
    sv("cm"),   sv("dept"), sv("div"), sv("ea"),   sv("ed"),    sv("eds"),   sv("eq"),  sv("esp"),
    sv("excl"), sv("hr"),   sv("hrs"), sv("ibid"), sv("illus"), sv("incl"),  sv("kg"),  sv("km"),
    sv("lb"),   sv("lbs"),  sv("max"), sv("mfg"),  sv("mgr"),   sv("mi"),    sv("min"), sv("mins"),
    sv("mm"),   sv("mo"),   sv("mos"), sv("mph"),  sv("oz"),    sv("pkg"),   sv("pl"),  sv("pt"),
    sv("pts"),  sv("qt"),   sv("qty"), sv("sq"),   sv("std"),   sv("tbsp"),  sv("tsp"), sv("viz"),
    sv("wk"),   sv("wks"),  sv("wt"),  sv("yd"),   sv("yds"),   sv("yr"),    sv("yrs")};

constexpr std::array de_titles{sv("dr"), sv("frl"), sv("hr"), sv("hrn"), sv("prof"), sv("st")};
constexpr std::array de_abbrevs{sv("abs"), sv("bzw"),  sv("ca"),  sv("d"),   sv("evtl"),
                                sv("ggf"), sv("inkl"), sv("nr"),  sv("s"),   sv("sog"),
                                sv("str"), sv("u"),    sv("usw"), sv("vgl"), sv("z")};
constexpr std::array de_number_prefixes{sv("abs"), sv("nr"), sv("s")};
constexpr std::array de_starters{sv("aber"), sv("das"), sv("der"), sv("die"), sv("du"),
                                 sv("er"),   sv("es"),  sv("ich"), sv("ihr"), sv("sie"),
                                 sv("was"),  sv("wie"), sv("wir")};

constexpr std::array da_titles{sv("dr"), sv("hr"), sv("skt"), sv("st")};
constexpr std::array da_abbrevs{sv("bl"),   sv("ca"),  sv("co"), sv("evt"), sv("fx"),
                                sv("inkl"), sv("mht"), sv("nr"), sv("osv"), sv("pga")};
constexpr std::array da_number_prefixes{sv("nr"), sv("s")};
constexpr std::array da_starters{sv("de"),  sv("den"), sv("der"),  sv("det"),  sv("du"),
                                 sv("han"), sv("hun"), sv("hvad"), sv("hvor"), sv("hvorfor"),
                                 sv("jeg"), sv("men"), sv("vi")};

constexpr std::array fr_titles{sv("dr"),  sv("me"), sv("mgr"), sv("mlle"), sv("mm"),
                               sv("mme"), sv("pr"), sv("st"),  sv("ste")};
constexpr std::array fr_abbrevs{sv("av"), sv("bd"),  sv("cf"), sv("env"), sv("etc"),
                                sv("ex"), sv("ltd"), sv("n°"), sv("p"),   sv("vol")};
constexpr std::array fr_number_prefixes{sv("no"), sv("n°"), sv("p"), sv("vol")};
constexpr std::array fr_starters{sv("elle"), sv("il"),   sv("je"),   sv("la"), sv("le"),
                                 sv("les"),  sv("mais"), sv("nous"), sv("on"), sv("vous")};

constexpr std::array es_titles{sv("d"),  sv("dr"),  sv("dra"),  sv("dña"), sv("lic"),
                               sv("sr"), sv("sra"), sv("srta"), sv("ud"),  sv("uds")};
constexpr std::array es_abbrevs{sv("aprox"), sv("av"), sv("cía"), sv("etc"), sv("p"), sv("pág")};
constexpr std::array es_number_prefixes{sv("n°"), sv("núm"), sv("p"), sv("pág")};
constexpr std::array es_starters{sv("el"),  sv("ella"), sv("es"),   sv("la"),
                                 sv("las"), sv("los"),  sv("pero"), sv("yo")};

constexpr std::array it_titles{sv("dott"), sv("dr"),     sv("ing"), sv("prof"),
                               sv("sig"),  sv("sig.ra"), sv("sigg")};
constexpr std::array it_abbrevs{sv("ecc"), sv("es"), sv("p"), sv("pag")};
constexpr std::array it_number_prefixes{sv("n"), sv("p"), sv("pag")};
constexpr std::array it_starters{sv("come"), sv("il"),  sv("io"), sv("la"),
                                 sv("lei"),  sv("lui"), sv("ma")};

constexpr std::array nl_titles{sv("dhr"), sv("dr"), sv("ir"), sv("mevr"), sv("mr"), sv("prof")};
constexpr std::array nl_abbrevs{sv("bijv"), sv("blz"), sv("bv"), sv("d.w.z"),
                                sv("enz"),  sv("nr"),  sv("o.a")};
constexpr std::array nl_number_prefixes{sv("blz"), sv("nr")};
constexpr std::array nl_starters{sv("de"),   sv("dit"), sv("het"), sv("hij"), sv("ik"),
                                 sv("maar"), sv("wij"), sv("ze"),  sv("zij")};

// Cyrillic words are lower-cased by the caller only for ASCII, so the lists
// hold the forms as written in text.
constexpr std::array ru_titles{sv("г"), sv("гг"), sv("проф"), sv("т")};
constexpr std::array ru_abbrevs{sv("д"),   sv("др"),  sv("ил"), sv("куб"), sv("м"),
                                sv("н"),   sv("пр"),  sv("с"),  sv("стр"), sv("т.е"),
                                sv("т.к"), sv("т.п"), sv("ул")};
constexpr std::array ru_number_prefixes{sv("с"), sv("стр"), sv("№")};
constexpr std::array ru_starters{sv("а"),   sv("в"),   sv("мы"),  sv("но"),  sv("он"),
                                 sv("она"), sv("они"), sv("оно"), sv("это"), sv("я")};

constexpr std::array sk_titles{sv("doc"), sv("ing"), sv("mgr"), sv("mudr"), sv("p"), sv("prof")};
constexpr std::array sk_abbrevs{sv("a.s"),  sv("napr"), sv("o"),  sv("r"),
                                sv("resp"), sv("s"),    sv("tzv")};
constexpr std::array sk_number_prefixes{sv("s"), sv("str"), sv("č")};
constexpr std::array sk_starters{sv("ale"), sv("ja"), sv("my"), sv("on"), sv("ona"), sv("to")};

constexpr std::array bg_titles{sv("г"), sv("гр"), sv("пл"), sv("проф"), sv("ул")};
constexpr std::array bg_abbrevs{sv("др"), sv("т.г"), sv("т.е"), sv("т.н")};
constexpr std::array bg_number_prefixes{sv("с"), sv("стр"), sv("№")};
constexpr std::array bg_starters{sv("в"), sv("това"), sv("той"), sv("тя")};

constexpr std::array<sv, 0> none{};

template <class A, class B, class C, class D>
LangRules make(const A& titles, const B& abbrevs, const C& numbers, const D& starters, bool ordinal,
               bool lower_starts = false) {
  return LangRules{titles.data(),  titles.size(),   abbrevs.data(),  abbrevs.size(), numbers.data(),
                   numbers.size(), starters.data(), starters.size(), ordinal,        lower_starts};
}

bool sorted(const std::string_view* list, size_t n) { return std::is_sorted(list, list + n); }

bool all_sorted(const LangRules& r) {
  return sorted(r.titles, r.title_count) && sorted(r.abbreviations, r.abbreviation_count) &&
         sorted(r.number_prefixes, r.number_prefix_count) && sorted(r.starters, r.starter_count);
}

struct Table {
  sv lang;
  LangRules rules;
};

// English first (the default); the last entry, English lists without the
// English-only rules, serves every language without a table of its own.
const std::array<Table, 12>& tables() {
  static const std::array<Table, 12> t = [] {
    std::array<Table, 12> out{
        Table{"en", make(en_titles, en_abbrevs, en_number_prefixes, en_starters, false, true)},
        Table{"de", make(de_titles, de_abbrevs, de_number_prefixes, de_starters, true)},
        Table{"da", make(da_titles, da_abbrevs, da_number_prefixes, da_starters, true)},
        Table{"fr", make(fr_titles, fr_abbrevs, fr_number_prefixes, fr_starters, false)},
        Table{"es", make(es_titles, es_abbrevs, es_number_prefixes, es_starters, false)},
        Table{"it", make(it_titles, it_abbrevs, it_number_prefixes, it_starters, false)},
        Table{"nl", make(nl_titles, nl_abbrevs, nl_number_prefixes, nl_starters, false)},
        Table{"ru", make(ru_titles, ru_abbrevs, ru_number_prefixes, ru_starters, false)},
        Table{"sk", make(sk_titles, sk_abbrevs, sk_number_prefixes, sk_starters, true)},
        Table{"bg", make(bg_titles, bg_abbrevs, bg_number_prefixes, bg_starters, false)},
        Table{"zh", make(none, none, none, none, false)},
        Table{"", make(en_titles, en_abbrevs, en_number_prefixes, en_starters, false)},
    };
    // A mis-sorted list would make lookups silently miss: fail loudly in development.
    if (!sorted(en_lower_abbrevs.data(), en_lower_abbrevs.size()))
      throw std::logic_error("segment.sentences: unsorted lower-case abbreviations");
    for (const Table& e : out)
      if (!all_sorted(e.rules))
        throw std::logic_error("segment.sentences: unsorted word list for " + std::string(e.lang));
    return out;
  }();
  return t;
}

}  // namespace

bool in_list(const std::string_view* list, size_t count, std::string_view word) {
  return std::binary_search(list, list + count, word);
}

const LangRules& english_rules() { return tables()[0].rules; }

bool is_lower_case_abbreviation(std::string_view lower) {
  return in_list(en_lower_abbrevs.data(), en_lower_abbrevs.size(), lower);
}

const LangRules& rules_for(std::string_view lang) {
  size_t cut = lang.find_first_of("-_");
  std::string_view primary = lang.substr(0, cut);
  if (primary.empty() || primary == "auto") return english_rules();
  for (const Table& e : tables()) {
    if (primary.size() == e.lang.size() &&
        std::equal(primary.begin(), primary.end(), e.lang.begin(),
                   [](char a, char b) { return (a | 0x20) == b; })) {
      return e.rules;
    }
  }
  return tables().back().rules;
}

}  // namespace docpipe::segment_sentences
