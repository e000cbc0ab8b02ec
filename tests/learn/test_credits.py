def test_it_credits_the_kubernetes_documentation_and_the_notes(client):
    html = client.get("/en/credits/").content.decode()
    assert '<a href="https://kubernetes.io/docs/">Kubernetes documentation</a>' in html
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">' in html and "CC BY 4.0" in html
    assert "learner&#x27;s own" in html or "learner's own" in html
    chinese = client.get("/zh-hans/credits/").content.decode()
    assert "知识共享署名 4.0 国际许可协议（CC BY 4.0）" in chinese
    assert "笔记的作者是这门课程的来源" in chinese
